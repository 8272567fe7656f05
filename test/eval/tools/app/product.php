<?php
// Not vulnerable: the id is bound as a parameter and no error is shown,
// so a tool finds nothing here and sends its whole payload set.
$db = new SQLite3(':memory:');
$db->exec("CREATE TABLE items (id INTEGER, name TEXT)");
$db->exec("INSERT INTO items VALUES (1, 'hammer'), (2, 'saw')");
$st = $db->prepare("SELECT name FROM items WHERE id = :id");
$st->bindValue(':id', isset($_GET['id']) ? $_GET['id'] : '1', SQLITE3_TEXT);
$res = $st->execute();
echo "<html><body>\n";
while ($row = $res->fetchArray())
    echo "<p>" . htmlspecialchars($row['name']) . "</p>\n";
echo "</body></html>\n";
