<?php
// The same page, fixed: only a file name of pages/ is shown, as text.
$page = basename(isset($_REQUEST['page']) ? $_REQUEST['page'] : 'home.txt');
$file = __DIR__ . '/pages/' . $page;
echo "<html><body><pre>\n";
if (is_file($file))
    echo htmlspecialchars(file_get_contents($file));
else
    echo "no such page";
echo "</pre></body></html>\n";
