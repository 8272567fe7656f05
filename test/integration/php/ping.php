<?php
// Deliberately vulnerable (test suite only): system() on a parameter.
$host = isset($_POST['host']) ? $_POST['host']
      : (isset($_GET['host']) ? $_GET['host'] : '127.0.0.1');
echo "<html><body><pre>\n";
system("echo checking " . $host);
echo "</pre></body></html>\n";
