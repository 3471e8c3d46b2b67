--TEST--
class: a read() never followed by write() or close() is released at the end of the request
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=

--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('classnet');
rr_cmd(['SET', lk_key($id), 'a|i:1;']);
$c = lk_spawn('$GLOBALS["h"] = new RustRedis\SessionHandler(' . lk_q(rr_path()) . ');'
    . 'var_dump($GLOBALS["h"]->read(' . lk_q($id) . ')); echo "LOCKED\n"; fgets(STDIN); echo "end\n";');
echo lk_expect($c, 'LOCKED');
var_dump(lk_locked($id), rr_cmd(['PTTL', lk_key($id, '_LOCK')]) > 9000);
lk_send($c);
echo lk_end($c);
var_dump(lk_locked($id), rr_cmd(['GET', lk_key($id)]));
?>
--EXPECT--
string(6) "a|i:1;"
int(1)
bool(true)
end
int(0)
string(6) "a|i:1;"
