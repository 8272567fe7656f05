"""Vocabulary of the benign traffic generator (gen_benign.py).

Written for the generator from what ordinary sites receive: words of
slugs and titles, what people type into search boxes (in many languages,
and the code-looking text developers, shoppers and fans type), names with
apostrophes and ampersands, file names as people save them, and the
User-Agents of current browsers, in-app browsers, crawlers, monitors,
feed readers, sync clients and HTTP libraries. Nothing here is an attack,
and nothing is copied from a payload list.
"""

SLUG_WORDS = """
about accessories account address adventure affordable air all alpine and
annual apple april archive art autumn baby back bag bake baking basic beach
beginner best bike birthday black blog blue board book boots bread breakfast
brown budget build business cake camera camping candle care career cart case
change cheap chicken children city classic clean coffee collection color
community compare complete contact cooking cotton country cover create
creative custom daily dark data day deal december design desk digital dinner
diy dog dress easy eco edition electric energy essential event everyday family
fashion fast february festival field final first fitness flower food forest
free fresh friday friends garden gift glass gold green grill guide hair hand
happy health healthy heart help history holiday home honey hotel house how
ideas indoor inspiration install interior italian jacket january july june
kitchen kids lamp large learn leather light linen living local long lunch
magic make march market may meeting men menu mini modern monday money morning
mountain music natural new news night north notes november october office
old online open organic outdoor paint paper party pasta photo pizza plan
plant play pocket poster price pro project quick rain recipe red release
report review road room running salad sale school sea season september set
shirt shoes shop short silver simple size sleep small smart soft spring
starter steel stories street style summer sun support sweater table tea team
tech tips top tour travel tree trip tutorial ultimate update upgrade urban
vegan vintage wall warm watch water wedding week weekend white wild winter
wood wool work workshop world yellow yoga young
""".split()

FIRST_NAMES = """
Anna Ben Carla David Emma Felix Grace Hannah Ivan Julia Karim Lena Marco Nina
Oscar Paula Quentin Rosa Sven Tara Umar Vera Wei Xenia Yusuf Zoe Aoife Siobhan
Seán Bríd Chloé François Jürgen Björn Zoë Renée José Łukasz Mårten Ayşe Jiří
""".split()

LAST_NAMES = """
Smith Müller Garcia Rossi Dubois Novak Kowalski Jensen Silva Tanaka Kim Nguyen
O'Brien O'Neil O'Connor D'Angelo D'Souza McDonald MacLeod van der Berg de la Cruz
Dell'Acqua L'Estrange Ó Súilleabháin Núñez Sørensen Öztürk Żak Åström Gómez-Pérez
""".split("\n")
LAST_NAMES = [n for line in LAST_NAMES for n in line.split(" ") if n]
# names of more than one word, kept whole
LAST_NAMES += ["van der Berg", "de la Cruz", "Ó Súilleabháin", "St. John",
               "Smith-Jones", "ter Horst"]

CITIES = ["London", "Berlin", "Paris", "Köln", "Zürich", "São Paulo",
          "New York", "L'Aquila", "Sant'Agata de' Goti", "Saint-Étienne",
          "Den Haag", "Kraków", "Århus", "İstanbul", "Québec", "Coeur d'Alene",
          "Martha's Vineyard", "Winston-Salem", "Stratford-upon-Avon"]

STREETS = ["12 Rue de l'Église", "221B Baker Street", "Hauptstraße 5",
           "1600 Amphitheatre Pkwy", "Flat 3, 14 King's Road",
           "Via dell'Orso 7", "Unit 4/12 O'Connell St", "Apt. #5, 10 Main St",
           "Calle de Alcalá 42, 3º izq.", "ul. Marszałkowska 10/12 m. 3",
           "P.O. Box 1234", "1 Infinite Loop (Building 3)", "Straße des 17. Juni 135",
           "c/o Smith & Sons, 5 Mill Lane"]

COMPANIES = ["O'Reilly Media", "Marks & Spencer", "Johnson & Johnson",
             "Ben & Jerry's", "AT&T", "H&M", "Procter & Gamble", "Dr. Oetker",
             "Müller GmbH & Co. KG", "Smith's Hardware (est. 1952)",
             "Toys\"R\"Us", "Yahoo!", "E*TRADE", "Macy's", "Lowe's",
             "Kellogg's", "Barnes & Noble", "Abercrombie & Fitch", "M&M's",
             "Rock 'n' Roll Hall of Fame", "Crate & Barrel"]

# What people type into a site's search box: products, places, questions.
SEARCH_PLAIN = [
    "running shoes", "blue dress size 38", "coffee grinder", "gift card",
    "return policy", "opening hours", "shipping to canada", "linen shirt",
    "wireless headphones", "how to reset password", "contact", "jobs",
    "privacy policy", "warranty", "vegan brownies", "gluten free bread",
    "sourdough starter", "wedding venue", "best hiking boots 2024",
    "iphone 15 case", "samsung galaxy s24 ultra", "4k monitor 27\"",
    "usb-c to hdmi adapter", "macbook air m3 13-inch", "ps5 controller",
    "lego 42115", "nike air max 90", "size 10.5", "12x16 frame",
    "1/2 inch drill bit", "3/4\" plywood", "m8 x 40 bolts", "cat food",
    "dog bed large", "kids bike 20\"", "xmas tree", "black friday",
    "sale -50%", "50% off", "100% cotton", "100% merino wool", "t-shirt",
    "e-bike", "wi-fi extender", "covid-19 test", "iso 9001", "en-us",
    "rock & roll", "rock'n'roll", "tom & jerry", "ben & jerry's", "m&m's",
    "o'reilly", "O'Reilly books", "levi's 501", "mcdonald's", "children's books",
    "women's jackets", "men's watches", "valentine's day", "new year's eve",
    "can't login", "don't receive emails", "it's 5 o'clock somewhere",
    "\"exact phrase\"", "\"red wine\" -white", "+required -excluded",
    "a; b", "a, b; c", "a|b", "either/or", "and/or", "yes/no", "24/7",
    "c++", "c#", "f#", ".net", "node.js", "asp.net core", "vue.js 3",
    "what is 2+2", "5*3", "(a+b)^2", "x^2 + y^2 = r^2", "e=mc^2", "1+1=2",
    "10 < 20", "price > 100", "a <= b", "x != y", "#hashtag", "@username",
    "~/documents", "C:\\Users\\Public", "50€", "$100 gift", "£20", "¥500",
    "size: xl", "color: red", "title: hello", "tag:summer", "is:unread",
    "select a color", "union station", "drop shipping", "insert coin",
    "update firmware", "delete account", "order history", "where is my order",
    "from paris to rome", "table for two", "group by age", "join us",
    "script writing course", "alert sound", "cat toys", "ping pong table",
    "echo dot", "kill bill", "sleep mask", "who am i", "sh*t happens",
    "wget alternative", "netflix & chill", "bash party", "python snake",
    "java coffee", "ruby ring", "perl jewelry", "shell necklace",
    "char broil grill", "cast iron", "nested loops knitting",
]

# Text developers type into a documentation site's, forum's or blog's
# search box (or a search engine, seen in the Referer).
SEARCH_CODE = [
    "c++ std::vector", "std::map vs std::unordered_map", "std::cout << endl",
    "select min(price) group by", "select * from users where id = 1",
    "SELECT COUNT(*) FROM orders", "left join vs inner join",
    "sql group by having count > 1", "order by desc limit 10",
    "insert into table values", "update set where", "delete from where",
    "drop table if exists", "union all vs union", "mysql like '%foo%'",
    "where name like 'a%'", "count(distinct user_id)", "coalesce(null, 0)",
    "CAST(x AS INT)", "now() - interval '1 day'", "substring(name, 1, 3)",
    "postgres jsonb ->> operator", "sqlite autoincrement", "mongodb $in",
    "how to kill -9 a process", "kill -9 $(lsof -t -i:3000)",
    "ps aux | grep nginx", "ls -la", "rm -rf node_modules", "chmod 755",
    "chmod +x script.sh", "sudo apt install nginx", "apt-get update && apt-get upgrade",
    "git reset --hard HEAD~1", "git log --oneline", "grep -r 'foo' .",
    "find . -name '*.log' -delete", "tar -xzvf file.tar.gz", "echo $PATH",
    "export PATH=$PATH:~/bin", "cat /etc/os-release", "curl -X POST json",
    "wget -O - url | bash", "ssh-keygen -t ed25519", "crontab -e every 5 minutes",
    "bash if [ -f file ]", "for i in $(seq 1 10)", "while read line",
    "powershell Get-ChildItem -Recurse", "cmd dir /s", "ping 8.8.8.8",
    "nslookup example.com", "netstat -tulpn", "docker run -it --rm ubuntu bash",
    "docker-compose up -d", "kubectl get pods -n kube-system",
    "systemctl restart apache2", "tail -f /var/log/apache2/error.log",
    "<div> vs <span>", "<br> or <br />", "<a href> target blank",
    "<script> async vs defer", "<iframe> responsive", "<img> alt text",
    "html <table> border", "<input type=\"date\">", "<select> onchange",
    "onclick vs addEventListener", "document.getElementById", "window.location.href",
    "alert() in javascript", "console.log(object)", "JSON.parse(string)",
    "array.map((x) => x * 2)", "async/await fetch", "const vs let vs var",
    "typeof null === 'object'", "0.1 + 0.2 !== 0.3", "eval is evil",
    "settimeout vs setinterval", "innerHTML vs textContent",
    "css :hover", "css grid-template-columns: repeat(3, 1fr)",
    "flex: 1 1 0%", "calc(100% - 20px)", "@media (max-width: 768px)",
    "python if __name__ == '__main__'", "python list comprehension [x for x in y]",
    "print(f'{name}')", "lambda x: x + 1", "dict.get(key, default)",
    "php $_GET['id']", "php echo <?php ?>", "wp_query meta_query", "add_action('init'",
    "regex ^[a-z]+$", "regex \\d{3}-\\d{4}", "sed 's/foo/bar/g'", "awk '{print $1}'",
    "java public static void main(String[] args)", "System.out.println",
    "c# string.Format(\"{0}\")", "rust Option<T>", "go func main()",
    "if (x > 0) { return x; }", "for (int i = 0; i < n; i++)",
    "a && b || c", "x = y ? 1 : 0", "null pointer exception",
    "what does 1=1 mean in sql", "sql injection prevention",
    "xss cross site scripting", "what is /etc/passwd", "../ relative path",
    "403 forbidden .htaccess", "rewriterule ^(.*)$ index.php", "allow from all",
    "nginx location ~ \\.php$", "ssl certificate letsencrypt", "mod_rewrite",
    "utf-8 vs utf8mb4", "\\n newline", "%20 in url", "&amp; vs &", "&nbsp;",
    "excel =IF(A1>0,\"yes\",\"no\")", "=VLOOKUP(A2,Sheet2!A:B,2,FALSE)",
    "=SUM(B2:B10)", "latex \\frac{a}{b}", "$$x^2$$ mathjax",
]

# Searches in other languages and scripts (what a multilingual site sees).
SEARCH_INTL = [
    "größe 42 schuhe", "kaffeemaschine mit mahlwerk", "öffnungszeiten",
    "fußball trikot", "bücher für kinder", "l'été indien", "crème brûlée",
    "chaussures femme", "qu'est-ce que c'est", "aujourd'hui", "rendez-vous",
    "zapatos de niña", "¿dónde está mi pedido?", "año nuevo", "piña colada",
    "caffè latte", "perché no", "città di milano", "l'amore", "pão de queijo",
    "promoção", "ação de graças", "żółta sukienka", "łóżko", "koszulka męska",
    "čeština", "příliš žluťoučký kůň", "ελληνικά", "καφές", "русский язык",
    "купить телефон", "что такое sql", "доставка по москве", "украïна",
    "türkçe klavye", "şarj aleti", "ağaç", "العربية", "شراء هاتف", "עברית",
    "中文", "手机壳", "北京天气", "日本語", "東京 ホテル", "ラーメン レシピ",
    "한국어", "서울 맛집", "हिन्दी", "ภาษาไทย", "tiếng việt", "phở bò",
    "svenska möbler", "smørrebrød", "ísland", "magyar nyelv", "română",
    "nederlandse fietsen", "suomi sauna", "eesti", "lietuvių", "latviešu",
]

SEARCH_ALL = SEARCH_PLAIN + SEARCH_CODE + SEARCH_INTL

WIKI_TITLES = [
    "Main_Page", "C%2B%2B", "O%27Reilly_Media", "Rock_%26_roll",
    "Guns_N%27_Roses", "Don%27t_Stop_Me_Now", "(I_Can%27t_Get_No)_Satisfaction",
    "AC/DC", "%22Weird_Al%22_Yankovic", "Wham!", "Panic!_at_the_Disco",
    "Hello,_World!", "*NSYNC", "Sunn_O)))", "Godspeed_You!_Black_Emperor",
    "!!!", "Lotus_1-2-3", "C_Sharp_(programming_language)", ".NET",
    "Select_(SQL)", "Join_(SQL)", "Null_(SQL)", "Where_(SQL)", "Having_(SQL)",
    "Insert_(SQL)", "Delete_(SQL)", "Update_(SQL)", "Truncate_(SQL)",
    "Order_by", "Cat_(Unix)", "Kill_(command)", "Echo_(command)",
    "Sleep_(command)", "Ping_(networking_utility)", "Id_(Unix)", "Whoami",
    "Uname", "Ls", "Chmod", "Grep", "Sudo", "Wget", "CURL", "Netcat", "Nmap",
    "Passwd", "Cross-site_scripting", "SQL_injection", "Shellshock_(software_bug)",
    "Document_Object_Model", "Eval", "JavaScript", "Alert_dialog_box",
    "Script_(Unicode)", "Iframe", "HTML_element", "Bobby_Tables",
    "Tom_and_Jerry", "The_Hitchhiker%27s_Guide_to_the_Galaxy", "Mr._Robot",
    "Ocean%27s_Eleven", "Schindler%27s_List", "Harry_Potter_and_the_Philosopher%27s_Stone",
    "M*A*S*H_(TV_series)", "Se7en", "Alien%C2%B3", "Amélie", "Zürich",
    "S%C3%A3o_Paulo", "%E6%9D%B1%E4%BA%AC", "Москва", "Special:Random",
    "Special:RecentChanges", "Talk:Main_Page", "User:Jane_O%27Neil",
    "Category:1990s_films", "File:Example.jpg", "Help:Contents",
    "Template:Infobox_person", "Module:Citation/CS1", "Wikipedia:Sandbox",
    "List_of_Unix_commands", "Comparison_of_SQL_database_management_systems",
    "Less-than_sign", "Ampersand", "Semicolon", "Pipe_(Unix)",
    "Dollar_sign", "Backtick", "%3F_(film)", "Hyphen-minus",
]

FILE_NAMES = [
    "Annual Report (2023) [final].pdf", "setup_v2.1.3 (x64).exe",
    "Résumé - Jane O'Neil.docx", "Photo 2024-03-01 at 10.15.22 AM.jpeg",
    "Screenshot 2023-11-02 at 14.03.11.png", "logo@2x.png", "arrow_left~1.svg",
    "C++ Primer (5th Edition).pdf", "AC-DC - Back in Black.mp3",
    "Copy of Budget [2024] (1).xlsx", "~$report.docx", "#1 Best Seller.jpg",
    "100% Pure.pdf", "Q&A.pdf", "1+1=2.png", "a;b.txt", "IMG_20240301_101522.jpg",
    "DSC_0042.JPG", "invoice #1234.pdf", "O'Neil & Sons - Quote.pdf",
    "menu (lunch) 2024.pdf", "data (1).csv", "Präsentation Q3.pptx",
    "報告書.pdf", "документ.docx", "brochure_FR_l'été.pdf", "notes (copy).txt",
    "my-theme-child.zip", "export_users_2024-03-01.csv",
    "Meeting notes - 'Project X'.md", "Tom & Jerry [1080p].mp4",
    "2024-03-01 - Invoice (paid).pdf", "floor plan v3 {draft}.dwg",
    "song - artist feat. someone (remix) [explicit].m4a",
]

# What people keep in their own cloud storage and upload to a migration or
# import form, besides the above (never fetched from a public URL).
FILE_NAMES_PRIVATE = FILE_NAMES + [
    "backup-2024-03-01.sql.gz", "wp_database.sql", "install.sh", "setup.ps1",
    "config.yaml", ".env.example", "docker-compose.yml", "id_rsa.pub",
]

UA_BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36 Edg/{chrome}.0.{n4}.{n2}",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36 OPR/{opr}.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{ff}.0) Gecko/20100101 Firefox/{ff}.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{n1} Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.{n1}; rv:{ff}.0) Gecko/20100101 Firefox/{ff}.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:{ff}.0) Gecko/20100101 Firefox/{ff}.0",
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 12; M2101K6G) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; Redmi Note 12 Pro+ 5G) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Android 14; Mobile; rv:{ff}.0) Gecko/{ff}.0 Firefox/{ff}.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{n1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{n1} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{n1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/{chrome}.0.{n4}.{n2} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{n1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/{ff}.0 Mobile/15E148 Safari/605.1.15",
    "Mozilla/5.0 (iPad; CPU OS 17_{n1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{n1} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 YaBrowser/24.1.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; U; Android 10; en-US; RMX2185 Build/QP1A.190711.020) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/100.0.4896.58 UCBrowser/13.4.0.1306 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{n1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/452.0.0.36.108;FBBV/567891234;FBDV/iPhone14,2;FBMD/iPhone;FBSN/iOS;FBSV/17.{n1};FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]",
    "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/{chrome}.0.0.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/449.0.0.35.109;]",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{n1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 312.0.0.22.114 (iPhone14,2; iOS 17_{n1}; en_US; en; scale=3.00; 1170x2532; 543227081)",
    "Mozilla/5.0 (Linux; Android 13; SM-G991B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/{chrome}.0.0.0 Mobile Safari/537.36 Instagram 312.0.0.32.112 Android (33/13; 420dpi; 1080x2176; samsung; SM-G991B; o1s; exynos2100; de_DE; 548323740)",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{n1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_33.5.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US ByteFullLocale/en WKWebView/1 RevealType/Dialog isDarkMode/0 BytedanceWebview/d8a21c6",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{n1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{n1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.4466",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{n1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/10.26",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{n1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{n1} Mobile/15E148 DuckDuckGo/7 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.36.140 Chrome/120.0.6099.56 Electron/28.1.0 Safari/537.36 Sonic Slack_SSB/4.36.140",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Code/1.86.2 Chrome/118.0.5993.159 Electron/27.2.3 Safari/537.36",
    "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) 85.0.4183.93/6.5 TV Safari/537.36",
    "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36 WebAppManager",
    "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox Series X) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/48.0.2564.82 Safari/537.36 Edge/20.02",
    "Mozilla/5.0 (X11; U; Linux armv7l like Android; en-us) AppleWebKit/531.2+ (KHTML, like Gecko) Version/5.0 Safari/531.2+ Kindle/3.0+",
    "Opera/9.80 (J2ME/MIDP; Opera Mini/5.0.18635/28.2766; U; en) Presto/2.8.119 Version/11.10",
    "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
]

UA_BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Googlebot-Image/1.0",
    "Mozilla/5.0 (compatible; Google-InspectionTool/1.0)",
    "AdsBot-Google (+http://www.google.com/adsbot.html)",
    "Mediapartners-Google",
    "APIs-Google (+https://developers.google.com/webmasters/APIs-Google.html)",
    "FeedFetcher-Google; (+http://www.google.com/feedfetcher.html)",
    "Mozilla/5.0 (compatible; Storebot-Google/1.0; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)",
    "Mozilla/5.0 (compatible; DotBot/1.2; +https://opensiteexplorer.org/dotbot; help@moz.com)",
    "Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)",
    "Twitterbot/1.0",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "WhatsApp/2.23.20.0", "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Pinterestbot/1.0; +http://www.pinterest.com/bot.html)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)",
    "CCBot/2.0 (https://commoncrawl.org/faq/)",
    "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 (Amazonbot/0.1; +https://developer.amazon.com/support/amazonbot)",
    "Mozilla/5.0 (compatible; Let's Encrypt validation server; +https://www.letsencrypt.org)",
    "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
    "Mozilla/5.0 (compatible; StatusCake)",
    "Site24x7", "Uptime-Kuma/1.23.11",
    "Mozilla/5.0 (compatible; Cloudflare-AlwaysOnline/1.0; +https://www.cloudflare.com/always-online)",
    "Jetpack by WordPress.com",
    "WordPress/6.4.3; https://www.example.com",
    "WP Rocket/Preload",
    "W3C_Validator/1.3 http://validator.w3.org/services",
    "W3C-checklink/5.0.0 libwww-perl/6.72",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
    "Iframely/1.3.1 (+https://iframely.com/docs/about)",
    "Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com",
    "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)",
    "ELB-HealthChecker/2.0", "GoogleHC/1.0", "kube-probe/1.29",
    "Prometheus/2.49.1", "Zabbix", "Amazon CloudFront",
    "Mozilla/5.0 (compatible; SeznamBot/4.0; +https://o-seznam.cz/napoveda/vyhledavani/en/seznambot-crawler/)",
    "Mozilla/5.0 (compatible; Qwantify/Bleriot/1.2.1; +https://help.qwant.com/bot)",
]

UA_CLIENTS = [
    "curl/8.5.0", "curl/7.88.1", "Wget/1.21.4", "Wget/1.21.3 (linux-gnu)",
    "python-requests/2.31.0", "Python-urllib/3.11", "python-httpx/0.26.0",
    "aiohttp/3.9.3", "Go-http-client/2.0", "Go-http-client/1.1",
    "okhttp/4.12.0", "Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/UQ1A.240205.004)",
    "axios/1.6.7", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
    "node", "undici", "PostmanRuntime/7.36.3", "insomnia/8.6.1", "Java/17.0.10",
    "Apache-HttpClient/4.5.14 (Java/17.0.10)", "GuzzleHttp/7",
    "Faraday v2.9.0", "Ruby", "Scrapy/2.11.0 (+https://scrapy.org)",
    "Mozilla/5.0 (Windows) mirall/3.12.0 (Nextcloud, windows-10.0.22631 ClientArchitecture: x86_64 OsArchitecture: x86_64)",
    "Mozilla/5.0 (Macintosh) mirall/3.12.0 (Nextcloud, osx-23.3.0 ClientArchitecture: arm64 OsArchitecture: arm64)",
    "Mozilla/5.0 (Android) Nextcloud-android/3.28.1",
    "Mozilla/5.0 (iOS) Nextcloud-iOS/5.0.0",
    "Microsoft-WebDAV-MiniRedir/10.0.22631",
    "WebDAVFS/3.0.0 (03008000) Darwin/23.3.0 (arm64)",
    "davfs2/1.7.0 neon/0.32.5", "Cyberduck/8.7.2.40975 (Mac OS X/14.3.1) (arm64)",
    "rclone/v1.65.2", "DAVx5/4.3.13-ose (2024/02/05; dav4jvm; okhttp/4.12.0) Android/14",
    "Thunderbird/115.8.0 Lightning/115.8.0",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)",
    "Mozilla/4.0 (compatible; ms-office; MSOffice 16)",
    "Microsoft Office Word 2014",
    "AppleCoreMedia/1.0.0.21D61 (iPhone; U; CPU OS 17_3_1 like Mac OS X; en_us)",
    "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)",
    "Spotify/8.9.18 iOS/17.3.1 (iPhone14,2)", "PocketCasts/1.0 (Pocket Casts Feed Parser; +http://pocketcasts.com/)",
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers; like FeedFetcher-Google)",
    "Feedbin feed-id:1234567 - 4 subscribers",
    "NewsBlur Feed Fetcher - 5 subscribers - https://www.newsblur.com/site/123/example (Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/75.0.3770.142 Safari/537.36)",
    "Tiny Tiny RSS/22.12-abc123 (https://tt-rss.org/)",
    "FreshRSS/1.23.1 (Linux; https://freshrss.org)",
    "NetNewsWire (RSS Reader; https://netnewswire.com/)",
    "wp-iphone/24.1 (iOS 17.3.1, iPhone14,2) Mobile/15E148",
    "wp-android/24.1 (Android 14; en_US; Google Pixel 8)",
    "WooCommerce iOS/17.2",
    "http.rb/5.1.1 (Mastodon/4.2.5; +https://mastodon.social/)",
    "Mastodon/4.2.5 (http.rb/5.1.1; +https://mastodon.social/) Bot",
    "Valve Steam GameOverlay/1710000000",
    "Roku/DVP-12.5 (12.5.0.4170-AE)",
    "Mozilla/5.0 (compatible; Nextcloud-Server)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36 Nextcloud-Talk v18.0.0",
]
