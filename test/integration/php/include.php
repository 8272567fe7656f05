<?php
// Deliberately vulnerable (test suite only): includes whatever "page"
// names, relative to pages/, traversal and all.
$page = isset($_REQUEST['page']) ? $_REQUEST['page'] : 'home.txt';
echo "<html><body><pre>\n";
include(__DIR__ . '/pages/' . $page);
echo "</pre></body></html>\n";
