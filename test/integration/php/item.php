<?php
// Deliberately vulnerable (test suite only): a query built by string
// concatenation against SQLite, with PHP's errors displayed.
ini_set('display_errors', '1');
error_reporting(E_ALL);
$db = new SQLite3(':memory:');
$db->exec("CREATE TABLE items (id INTEGER, name TEXT)");
$db->exec("INSERT INTO items VALUES (1, 'hammer'), (2, 'saw')");
$id = isset($_GET['id']) ? $_GET['id'] : '1';
$res = $db->query("SELECT name FROM items WHERE id = " . $id);
echo "<html><body>\n";
while ($row = $res->fetchArray())
    echo "<p>" . htmlspecialchars($row['name']) . "</p>\n";
echo "</body></html>\n";
