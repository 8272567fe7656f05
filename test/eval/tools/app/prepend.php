<?php
// Logs what the access log cannot show: the request body, keyed by
// mod_unique_id's id (auto_prepend_file of every page).
$rec = array('id' => isset($_SERVER['UNIQUE_ID']) ? $_SERVER['UNIQUE_ID'] : '',
             'ctype' => isset($_SERVER['CONTENT_TYPE']) ? $_SERVER['CONTENT_TYPE'] : '',
             'body' => base64_encode(file_get_contents('php://input')),
             'post' => base64_encode(http_build_query($_POST)));
file_put_contents(__DIR__ . '/../data/bodies.jsonl', json_encode($rec) . "\n",
                  FILE_APPEND | LOCK_EX);
