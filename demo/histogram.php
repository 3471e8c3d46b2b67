<?php
// Shared by the demo app (index.php) and its scripted client (client.php).

/** The wait histogram bucket holding the median wait ("<=5 ms"), or "-". */
function median_bucket(array $buckets): string
{
    $total = array_sum($buckets);
    $sum = 0;
    foreach ($buckets as $le => $count) {
        $sum += $count;
        if ($total > 0 && 2 * $sum >= $total) {
            return $le === '+Inf' ? '>30000 ms' : "<={$le} ms";
        }
    }
    return '-';
}
