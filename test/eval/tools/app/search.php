<?php
// Deliberately vulnerable (evaluation only): the query reflected unescaped.
$q = isset($_GET['q']) ? $_GET['q'] : '';
echo "<html><body><p>Results for " . $q . "</p></body></html>\n";
