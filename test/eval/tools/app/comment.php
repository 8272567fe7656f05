<?php
// Deliberately vulnerable (evaluation only): a posted comment kept in a
// file and shown back unescaped (stored XSS), the author in a header.
$f = __DIR__ . '/../data/comments.txt';
if (isset($_POST['text']))
    file_put_contents($f, $_POST['author'] . ': ' . $_POST['text'] . "\n",
                      FILE_APPEND);
echo "<html><body>\n";
echo @file_get_contents($f);
echo "</body></html>\n";
