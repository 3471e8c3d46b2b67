#!/usr/bin/env python3
"""Sums up the valgrind XML files of a `make test-valgrind` run.

    valgrind-report.py XML_DIR SUPP_FILE TESTS_DIR

Each process valgrind ran wrote XML_DIR/<pid>.xml (--xml-file=%p.xml): the
test processes of run-tests.php -m, and the copies of them that fork() made
before exec()ing a child (proc_open), which never finish their XML (or, with
VALGRIND_CHILDREN=1, the child PHP that the exec() started under valgrind).
Children are not counted as tests; their findings are. Every error valgrind
did not suppress is printed with its stacks (frames in librustredis.so marked
*), as "rustredis" when a frame of one of its stacks is in librustredis.so (or
in Rust source, for a build with debug info), else as "elsewhere"; the same
error reached the same way is printed once, with its count. The last line is
for scripts/test-valgrind.sh:

    counts: tests=N invalid=N invalid_ours=N leaks_ours=N leaks_other=N
            leaks_fatal=N leaks_suppressed=N other=N other_ours=N
            suppressed_other=N crashes=N incomplete=N        (one line)

invalid: unsuppressed invalid reads/writes, wherever they are. leaks_ours,
leaks_other: unsuppressed definite leaks. leaks_fatal: definite leaks outside
rustredis in a test process that died of a PHP fatal error (its NNN.out in
TESTS_DIR says so; PHP then frees neither the script nor its live values):
listed, not counted. other: unsuppressed errors of other kinds (uninitialised
values, bad frees, syscall params). *_suppressed: what scripts/valgrind.supp
suppressed. crashes: test processes killed by a signal. incomplete: test
processes whose XML never closed (valgrind itself killed, e.g. by run-tests'
timeout).
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

xml_dir, supp_file, tests_dir = sys.argv[1], sys.argv[2], os.path.realpath(sys.argv[3])

# Suppression name -> memcheck kind ("Leak", "Addr4", "Cond", ...).
supp_kind = {}
with open(supp_file) as f:
    lines = [l.strip() for l in f if l.strip() and not l.lstrip().startswith('#')]
for i, l in enumerate(lines):
    if l == '{' and i + 2 < len(lines):
        supp_kind[lines[i + 1]] = lines[i + 2].split(':', 1)[-1]


def frame_is_ours(fr):
    return 'librustredis' in (fr.findtext('obj') or '') or (fr.findtext('file') or '').endswith('.rs')


def stack_lines(st):
    """The frames of a stack, runs of unnamed frames of one object folded."""
    out, run = [], None
    for fr in st.findall('frame'):
        fn, obj = fr.findtext('fn'), os.path.basename(fr.findtext('obj') or '?')
        if fn is None:
            if run and run[0] == obj:
                run[1] += 1
                continue
            run = [obj, 1]
            out.append(run)
            continue
        run = None
        where = f"{fr.findtext('file')}:{fr.findtext('line')}" if fr.findtext('file') else obj
        out.append(f"   {'*' if frame_is_ours(fr) else ' '} {fn} ({where})")
    return [f'     ??? ({r[0]}{f", {r[1]} frames" if r[1] > 1 else ""})' if isinstance(r, list) else r
            for r in out]


def parse(path):
    text = open(path, errors='replace').read()
    complete = '</valgrindoutput>' in text
    if not complete:
        # Valgrind stopped mid-file (exec, kill): drop a half-written error, close.
        text = re.sub(r'<(error|fatal_signal)>(?:(?!</\1>).)*\Z', '', text, flags=re.S)
        text += '\n</valgrindoutput>\n'
    try:
        return ET.fromstring(text), complete
    except ET.ParseError:
        return None, False


def test_of(root):
    args = [a.text or '' for a in root.findall('./args/argv/arg')]
    for a in args:
        m = re.search(r'([^/]+)\.php$', a)
        if m:
            return m.group(1) + '.phpt'
    return ' '.join([root.findtext('./args/argv/exe') or '?'] + args)[:120]


def seconds(root):
    t = [s.findtext('time') for s in root.findall('status') if s.findtext('state') == 'FINISHED']
    if not t:
        return None
    d, h, m, s = t[0].strip().split(':')
    return ((int(d) * 24 + int(h)) * 60 + int(m)) * 60 + float(s)


def died_of_fatal_error(test):
    """The test's own PHP (not a child: "in Command line code") hit a fatal error."""
    try:
        out = open(os.path.join(tests_dir, test[:-len('phpt')] + 'out'), errors='replace').read()
    except OSError:
        return False
    where = re.escape(tests_dir) + r'/\S+ on line \d+'
    return re.search(r'(Fatal error: [^\n]*|thrown) in ' + where, out) is not None


c = dict(tests=0, invalid=0, invalid_ours=0, leaks_ours=0, leaks_other=0, leaks_fatal=0,
         leaks_suppressed=0, other=0, other_ours=0, suppressed_other=0, crashes=0, incomplete=0)
runs = []
for name in sorted(os.listdir(xml_dir)):
    if name.endswith('.xml'):
        root, complete = parse(os.path.join(xml_dir, name))
        runs.append((name, root, complete))
pids = {r.findtext('pid') for _, r, _ in runs if r is not None}
# A test process's children (fork()s of it, or with VALGRIND_CHILDREN=1 the
# programs they exec) are named after it.
test_pid = {r.findtext('pid'): test_of(r) for _, r, _ in runs
            if r is not None and r.findtext('ppid') not in pids}

supp_used, reports, tests, times, fatal, seen = {}, [], set(), [], {}, {}
for name, root, complete in runs:
    if root is None:
        c['incomplete'] += 1
        reports.append(f'elsewhere {name}: unreadable valgrind XML')
        continue
    forked = root.findtext('ppid') in pids  # a child of a test process
    test = test_of(root) if not forked else test_pid.get(root.findtext('ppid'), '?') + ' (child)'
    fatal_test = not forked and died_of_fatal_error(test)
    if not forked:
        tests.add(test)
        if complete:
            times.append((seconds(root) or 0.0, test))
        else:
            c['incomplete'] += 1
            reports.append(f'elsewhere {test}: valgrind did not finish (killed?)')
    for pair in root.findall('./suppcounts/pair'):
        n, sname = int(pair.findtext('count')), pair.findtext('name')
        supp_used[sname] = supp_used.get(sname, 0) + n
        c['leaks_suppressed' if supp_kind.get(sname) == 'Leak' else 'suppressed_other'] += n
    for err in root.findall('error'):
        kind = err.findtext('kind')
        what = err.findtext('what') or err.findtext('xwhat/text') or ''
        stacks = err.findall('stack')
        ours = any(frame_is_ours(fr) for st in stacks for fr in st.findall('frame'))
        if kind in ('InvalidRead', 'InvalidWrite'):
            c['invalid'] += 1
            c['invalid_ours'] += ours
        elif kind == 'Leak_DefinitelyLost' and not ours and fatal_test:
            c['leaks_fatal'] += 1
            fatal[test] = fatal.get(test, 0) + 1
            continue
        elif kind == 'Leak_DefinitelyLost':
            c['leaks_ours' if ours else 'leaks_other'] += 1
        else:
            c['other'] += 1
            c['other_ours'] += ours
        thread = '' if kind.startswith('Leak_') else \
            f" (in {err.findtext('threadname') or 'thread ' + err.findtext('tid')})"
        out = [f"{'rustredis' if ours else 'elsewhere'} {test}: {kind}: {what}{thread}"]
        auxes = [a.text for a in err.findall('auxwhat')]
        for i, st in enumerate(stacks):
            if i > 0:
                out.append(f'   {auxes[i - 1] if i - 1 < len(auxes) else ""}')
            out += stack_lines(st)
        if len(auxes) >= len(stacks) and auxes:
            out.append(f'   {auxes[-1]}')
        # The same error reached the same way (other addresses, other frames
        # inside a library) is shown once: keyed on the rustredis frames of
        # each stack, or on the whole first stack when it has none.
        key = (test, kind, what.split(' of size')[0],
               tuple(tuple(l for l in stack_lines(st) if l.startswith('   *')) for st in stacks)
               if ours else tuple(stack_lines(stacks[0])) if stacks else ())
        if key in seen:
            seen[key][1] += 1
            continue
        seen[key] = [len(reports), 1]
        reports.append('\n'.join(out))
    for sig in root.findall('fatal_signal'):
        c['crashes'] += not forked
        st = sig.find('stack')
        ours = st is not None and any(frame_is_ours(fr) for fr in st.findall('frame'))
        thread = sig.findtext('threadname') or f"thread {sig.findtext('tid')}"
        out = [f"{'rustredis' if ours else 'elsewhere'} {test}: killed by {sig.findtext('signame')}"
               f" ({sig.findtext('event')}, address {sig.findtext('siaddr')}) in {thread}"]
        if st is not None:
            out += stack_lines(st)
        reports.append('\n'.join(out))

c['tests'] = len(tests)
for i, n in seen.values():
    if n > 1:
        first, rest = reports[i].split('\n', 1)
        reports[i] = f'{first} [{n} such, the first shown]\n{rest}'
for r in reports:
    print(r)
    print()
for test, n in sorted(fatal.items()):
    print(f'{test} died of a PHP fatal error (see its .out): its {n} definite leaks outside'
          ' rustredis are not counted (PHP does not free the script and its live values after one)')
if supp_used:
    print('suppressed by scripts/valgrind.supp:')
    for sname, n in sorted(supp_used.items()):
        print(f'   {n:5d}  {sname}')
times.sort(reverse=True)
if times:
    total = sum(t for t, _ in times)
    print(f'valgrind time per test process: {total / len(times):.1f} s on average; the slowest: '
          + ', '.join(f'{name} {t:.0f} s' for t, name in times[:6]))
print('counts: ' + ' '.join(f'{k}={v}' for k, v in c.items()))
