<?php
// Deliberately vulnerable (evaluation only): form fields quoted into
// SQLite SQL by concatenation, errors displayed.
ini_set('display_errors', '1');
error_reporting(E_ALL);
$db = new SQLite3(':memory:');
$db->exec("CREATE TABLE users (id INTEGER, name TEXT, pass TEXT)");
$db->exec("INSERT INTO users VALUES (1, 'alice', 'secret')");
$user = isset($_POST['user']) ? $_POST['user'] : '';
$pass = isset($_POST['pass']) ? $_POST['pass'] : '';
$res = $db->query("SELECT id FROM users WHERE name = '" . $user .
                  "' AND pass = '" . $pass . "'");
echo "<html><body>\n";
echo ($res && $res->fetchArray()) ? "<p>welcome</p>\n" : "<p>no</p>\n";
echo "</body></html>\n";
