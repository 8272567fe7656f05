"""Realistic request header blocks of today's clients, written by hand for
test_headers.py: browsers (Chrome, Edge, Firefox, Safari, mobile), curl and
HTTP libraries, mobile apps and API clients with tokens and trace context,
and the headers CDNs and proxies add. None of them is an attack: every
request header is inspected, and none of these may ever flag."""

CHROME_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
             "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
CH_UA = '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"'
JWT = ("eyJhbGciOiJSUzI1NiIsImtpZCI6IjFlOWdkazcifQ.eyJpc3MiOiJodHRwczovL2F1"
       "dGguZXhhbXBsZS5jb20iLCJzdWIiOiIyNDgyODk3NjEwMDEiLCJhdWQiOiJzNkJoZFJr"
       "cXQzIiwiZXhwIjoxMzExMjgxOTcwLCJpYXQiOjEzMTEyODA5NzB9.NTibBYW_ZoNHGm4Z"
       "rWCqYA9oJaxr1AVrJCze6FMd-rZ8Kxj0n1qnDZ7FvPBmo-hEqrjNxP8CUvW6Cx7ZyG8U"
       "A3HcEzYmWq1pP-Yaqc6PEVf6JU3-X2eBfjRZUa7tS0wHlX-3gN6PBF0eYyGzmUdV5q7F"
       "mg_UXb7cKAX38DeE6xKPYhgiuXUhfBNM-yG0f3q5tVqa7hIUQAnwB4zHf2JWVjGCXvoR"
       "_9xf3ynhoOfGAvBpeQGOddwU2zjBOhK0GLWCgEaC1wb1oL0sjr5mK6hAvm5wA")

# A client certificate as proxies forward it (PEM, percent-encoded).
CERT_PEM = ("-----BEGIN%20CERTIFICATE-----%0AMIIBszCCAVmgAwIBAgIUQ3Zx2b%2B9w1l"
            "K%2F7n5o3c9mP0yR8swCgYIKoZIzj0EAwIw%0AFzEVMBMGA1UEAwwMZXhhbXBsZS10"
            "ZXN0MB4XDTI0MTIwNzAzMDAwMFoXDTI1MTIw%0A-----END%20CERTIFICATE-----"
            "%0A")
# Azure App Service's X-MS-CLIENT-PRINCIPAL: base64 of the user's claims.
MS_PRINCIPAL = ("eyJhdXRoX3R5cCI6ICJhYWQiLCAiY2xhaW1zIjogW3sidHlwIjogIm5hbWUiLC"
                "AidmFsIjogIkphbmUgTydOZWlsIn0sIHsidHlwIjogInJvbGVzIiwgInZhbCI6"
                "ICJhZG1pbjsgcmVhZGVyIn1dLCAibmFtZV90eXAiOiAibmFtZSIsICJyb2xlX3"
                "R5cCI6ICJyb2xlcyJ9")

BLOCKS = [
    # -- desktop browsers, navigations --
    [("Host", "www.example.com"),
     ("sec-ch-ua", CH_UA), ("sec-ch-ua-mobile", "?0"),
     ("sec-ch-ua-platform", '"Windows"'),
     ("Upgrade-Insecure-Requests", "1"), ("User-Agent", CHROME_UA),
     ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
                "image/avif,image/webp,image/apng,*/*;q=0.8,"
                "application/signed-exchange;v=b3;q=0.7"),
     ("Sec-Fetch-Site", "none"), ("Sec-Fetch-Mode", "navigate"),
     ("Sec-Fetch-User", "?1"), ("Sec-Fetch-Dest", "document"),
     ("Accept-Encoding", "gzip, deflate, br, zstd"),
     ("Accept-Language", "en-US,en;q=0.9,de;q=0.8"),
     ("Priority", "u=0, i")],
    [("Host", "shop.example.com"),
     ("Cache-Control", "max-age=0"),
     ("sec-ch-ua", '"Microsoft Edge";v="131", "Chromium";v="131", '
                   '"Not_A Brand";v="24"'),
     ("sec-ch-ua-mobile", "?0"), ("sec-ch-ua-platform", '"macOS"'),
     ("sec-ch-ua-platform-version", '"14.6.1"'),
     ("sec-ch-ua-full-version-list",
      '"Microsoft Edge";v="131.0.2903.86", "Chromium";v="131.0.6778.140", '
      '"Not_A Brand";v="24.0.0.0"'),
     ("sec-ch-ua-arch", '"arm"'), ("sec-ch-ua-bitness", '"64"'),
     ("sec-ch-ua-model", '""'),
     ("User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
                    "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
                    "Safari/537.36 Edg/131.0.0.0"),
     ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
                "image/avif,image/webp,*/*;q=0.8"),
     ("Sec-Fetch-Site", "same-origin"), ("Sec-Fetch-Mode", "navigate"),
     ("Sec-Fetch-Dest", "document"),
     ("Referer", "https://shop.example.com/cart?step=2"),
     ("Accept-Encoding", "gzip, deflate, br"),
     ("Accept-Language", "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"),
     ("If-None-Match", 'W/"5e15153d-120f"'),
     ("If-Modified-Since", "Tue, 03 Dec 2024 10:15:42 GMT")],
    [("Host", "www.example.org"),
     ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 "
                    "Firefox/133.0"),
     ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
                "*/*;q=0.8"),
     ("Accept-Language", "en-GB,en;q=0.5"),
     ("Accept-Encoding", "gzip, deflate, br, zstd"),
     ("DNT", "1"), ("Sec-GPC", "1"),
     ("Upgrade-Insecure-Requests", "1"), ("Sec-Fetch-Dest", "document"),
     ("Sec-Fetch-Mode", "navigate"), ("Sec-Fetch-Site", "cross-site"),
     ("Priority", "u=0, i"), ("Pragma", "no-cache"),
     ("Cache-Control", "no-cache"), ("TE", "trailers")],
    [("Host", "www.example.org"),
     ("User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
                    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
                    "Safari/605.1.15"),
     ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
                "*/*;q=0.8"),
     ("Accept-Language", "ja-JP,ja;q=0.9"),
     ("Accept-Encoding", "gzip, deflate, br"),
     ("Sec-Fetch-Site", "none"), ("Sec-Fetch-Mode", "navigate"),
     ("Sec-Fetch-Dest", "document"), ("Priority", "u=0, i")],
    # -- browser subresources, XHR/fetch --
    [("Host", "static.example.com"), ("User-Agent", CHROME_UA),
     ("sec-ch-ua", CH_UA), ("sec-ch-ua-mobile", "?0"),
     ("sec-ch-ua-platform", '"Linux"'),
     ("Accept", "image/avif,image/webp,image/apng,image/svg+xml,image/*,"
                "*/*;q=0.8"),
     ("Sec-Fetch-Site", "same-site"), ("Sec-Fetch-Mode", "no-cors"),
     ("Sec-Fetch-Dest", "image"),
     ("Referer", "https://www.example.com/"),
     ("Accept-Encoding", "gzip, deflate, br, zstd"),
     ("Accept-Language", "en-US,en;q=0.9"),
     ("If-None-Match", '"33a64df551425fcc55e4d42a148795d9f25f89d4"'),
     ("If-Modified-Since", "Wed, 21 Oct 2015 07:28:00 GMT")],
    [("Host", "static.example.com"), ("User-Agent", CHROME_UA),
     ("Accept", "text/css,*/*;q=0.1"), ("Sec-Fetch-Dest", "style"),
     ("Sec-Fetch-Mode", "no-cors"), ("Sec-Fetch-Site", "same-site"),
     ("Referer", "https://www.example.com/blog/2024/12/release-notes"),
     ("Accept-Encoding", "gzip, deflate, br"),
     ("Range", "bytes=0-1048575"), ("If-Range", '"abc123-4e5f"')],
    [("Host", "www.example.com"), ("User-Agent", CHROME_UA),
     ("Accept", "application/json, text/plain, */*"),
     ("Content-Type", "application/json;charset=UTF-8"),
     ("X-Requested-With", "XMLHttpRequest"),
     ("X-CSRF-Token", "Fk2xj9QZ4vWqY0pL7mN3bR8tC1dE6gH5"),
     ("Origin", "https://www.example.com"),
     ("Sec-Fetch-Site", "same-origin"), ("Sec-Fetch-Mode", "cors"),
     ("Sec-Fetch-Dest", "empty"),
     ("Referer", "https://www.example.com/account/settings#notifications"),
     ("Accept-Language", "es-ES,es;q=0.9,en;q=0.8")],
    [("Host", "api.example.com"), ("User-Agent", CHROME_UA),
     ("Accept", "*/*"), ("Access-Control-Request-Method", "PUT"),
     ("Access-Control-Request-Headers",
      "authorization,content-type,x-request-id"),
     ("Origin", "https://app.example.com"),
     ("Sec-Fetch-Mode", "cors"), ("Sec-Fetch-Site", "same-site"),
     ("Sec-Fetch-Dest", "empty")],
    [("Host", "www.example.com"), ("User-Agent", CHROME_UA),
     ("Accept", "*/*"), ("Sec-Purpose", "prefetch;prerender"),
     ("Purpose", "prefetch"), ("Sec-Fetch-Dest", "document"),
     ("Sec-Fetch-Mode", "navigate"), ("Sec-Fetch-Site", "same-origin"),
     ("Sec-Speculation-Tags", "null")],
    [("Host", "ws.example.com"), ("User-Agent", CHROME_UA),
     ("Upgrade", "websocket"), ("Origin", "https://chat.example.com"),
     ("Sec-WebSocket-Version", "13"),
     ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
     ("Sec-WebSocket-Extensions",
      "permessage-deflate; client_max_window_bits"),
     ("Sec-WebSocket-Protocol", "graphql-ws, graphql-transport-ws")],
    [("Host", "www.example.com"), ("User-Agent", CHROME_UA),
     ("Accept", "text/event-stream"), ("Cache-Control", "no-cache"),
     ("Last-Event-ID", "1733572380123-0")],
    # -- mobile browsers --
    [("Host", "m.example.com"),
     ("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) "
                    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1.1 "
                    "Mobile/15E148 Safari/604.1"),
     ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
                "*/*;q=0.8"),
     ("Accept-Language", "en-AU,en;q=0.9"),
     ("Accept-Encoding", "gzip, deflate, br"),
     ("Sec-Fetch-Site", "none"), ("Sec-Fetch-Mode", "navigate"),
     ("Sec-Fetch-Dest", "document")],
    [("Host", "m.example.com"),
     ("User-Agent", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 "
                    "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
                    "Safari/537.36"),
     ("sec-ch-ua", CH_UA), ("sec-ch-ua-mobile", "?1"),
     ("sec-ch-ua-platform", '"Android"'),
     ("Save-Data", "on"), ("ECT", "3g"), ("RTT", "300"),
     ("Downlink", "1.45"), ("Device-Memory", "4"), ("DPR", "2.625"),
     ("Viewport-Width", "412"),
     ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
                "image/avif,image/webp,*/*;q=0.8"),
     ("X-Requested-With", "com.android.chrome"),
     ("Accept-Language", "pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7")],
    [("Host", "m.example.com"),
     ("User-Agent", "Mozilla/5.0 (Linux; Android 14; SM-S918B) "
                    "AppleWebKit/537.36 (KHTML, like Gecko) "
                    "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile "
                    "Safari/537.36"),
     ("Accept", "*/*"), ("Accept-Language", "ko-KR,ko;q=0.9"),
     ("X-Wap-Profile", "http://wap.samsungmobile.com/uaprof/SM-S918B.xml")],
    # -- command-line clients and libraries --
    [("Host", "localhost"), ("User-Agent", "curl/8.11.1"), ("Accept", "*/*")],
    [("Host", "api.example.com"), ("User-Agent", "curl/7.88.1"),
     ("Accept", "application/json"),
     ("Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l"),
     ("Content-Type", "application/x-www-form-urlencoded"),
     ("Expect", "100-continue")],
    [("Host", "api.example.com"),
     ("User-Agent", "python-requests/2.32.3"),
     ("Accept-Encoding", "gzip, deflate"), ("Accept", "*/*"),
     ("Authorization", "Bearer " + JWT)],
    [("Host", "api.example.com"), ("User-Agent", "Go-http-client/2.0"),
     ("Accept-Encoding", "gzip"),
     ("Authorization", "token ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
     ("X-GitHub-Api-Version", "2022-11-28")],
    [("Host", "api.example.com"), ("User-Agent", "okhttp/4.12.0"),
     ("Accept-Encoding", "gzip"),
     ("If-None-Match", '"W/\\"a8f-1733500000000\\""')],
    [("Host", "api.example.com"), ("User-Agent", "axios/1.7.9"),
     ("Accept", "application/json, text/plain, */*"),
     ("Content-Type", "application/json"),
     ("X-Api-Key", "sk_live_51HqLyjWDarjtT1zdp7dcX"),
     ("X-Api-Version", "2024-10-01")],
    [("Host", "repo.example.com"), ("User-Agent", "Wget/1.21.3"),
     ("Accept", "*/*"), ("Accept-Encoding", "identity")],
    [("Host", "repo.example.com"),
     ("User-Agent", "Debian APT-HTTP/1.3 (2.6.1)"),
     ("Cache-Control", "max-age=0"),
     ("If-Modified-Since", "Sat, 09 Nov 2024 10:01:42 GMT")],
    # -- mobile apps and API clients --
    [("Host", "api.example.com"),
     ("User-Agent", "ExampleApp/5.12.1 (iPhone; iOS 18.1; Scale/3.00)"),
     ("Accept", "application/json"),
     ("Accept-Language", "en-US;q=1, fr-US;q=0.9"),
     ("Authorization", "Bearer " + JWT),
     ("X-Request-ID", "9f2a4d3e-1c7b-4b8a-9e61-0c5d2f3a7b19"),
     ("X-App-Version", "5.12.1 (20241203.1)"),
     ("X-Device-ID", "6F9619FF-8B86-D011-B42D-00C04FC964FF"),
     ("X-Timezone", "America/Los_Angeles")],
    [("Host", "api.example.com"),
     ("User-Agent", "Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 "
                    "Build/TQ3A.230805.001)"),
     ("Accept", "application/vnd.example.v2+json"),
     ("Authorization", "Bearer " + JWT),
     ("X-Correlation-ID", "c0a8012e-1f4b-7d3a-a8e2-5b6f3c9d1e07"),
     ("X-Client-Platform", "android"), ("X-Locale", "de_DE"),
     ("Content-Type", "application/json; charset=utf-8")],
    [("Host", "api.example.com"), ("User-Agent", "PostmanRuntime/7.43.0"),
     ("Accept", "*/*"), ("Cache-Control", "no-cache"),
     ("Postman-Token", "7d1f0e6a-3b2c-4e8d-9a5f-1c2b3d4e5f60"),
     ("Accept-Encoding", "gzip, deflate, br"),
     ("Content-Type", "multipart/form-data; "
                      "boundary=--------------------------418826427713594120"
                      "853119")],
    [("Host", "api.example.com"),
     ("User-Agent", "aws-sdk-go-v2/1.32.6 os/linux lang/go#1.23.4 "
                    "md/GOOS#linux md/GOARCH#amd64 api/s3#1.71.0"),
     ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/"
                       "20241207/us-east-1/s3/aws4_request, SignedHeaders="
                       "host;x-amz-content-sha256;x-amz-date, Signature="
                       "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963"
                       "176630326f1024"),
     ("X-Amz-Date", "20241207T030000Z"),
     ("X-Amz-Content-Sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b"
                              "934ca495991b7852b855"),
     ("Amz-Sdk-Invocation-Id", "9e6f0d1c-2b3a-4c5d-8e9f-0a1b2c3d4e5f"),
     ("Amz-Sdk-Request", "attempt=1; max=3")],
    [("Host", "api.example.com"), ("User-Agent", "grpc-node-js/1.12.4"),
     ("Content-Type", "application/grpc-web+proto"),
     ("X-Grpc-Web", "1"), ("X-User-Agent", "grpc-web-javascript/0.1"),
     ("Grpc-Timeout", "10S")],
    [("Host", "api.example.com"), ("User-Agent", "Stripe/1.0 Ruby/13.2.0"),
     ("Idempotency-Key", "4f3c2b1a-0e9d-8c7b-6a5f-4e3d2c1b0a9f"),
     ("Stripe-Version", "2024-11-20.acacia"),
     ("Content-Type", "application/x-www-form-urlencoded")],
    [("Host", "hooks.example.com"), ("User-Agent", "GitHub-Hookshot/8a9b1c2"),
     ("X-GitHub-Event", "push"),
     ("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
     ("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d"
                             "7586c22c46f4379c8b043e17"),
     ("Content-Type", "application/json")],
    [("Host", "hooks.example.com"), ("User-Agent", "Slackbot 1.0 "
                                     "(+https://api.slack.com/robots)"),
     ("X-Slack-Signature", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd"
                           "27519666489c69b503"),
     ("X-Slack-Request-Timestamp", "1733540400"),
     ("Content-Type", "application/x-www-form-urlencoded")],
    # -- tracing --
    [("Host", "svc.internal.example.com"), ("User-Agent", "Envoy/1.32"),
     ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
     ("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"),
     ("baggage", "userId=alice,serverNode=DF%2028,isProduction=false"),
     ("X-B3-TraceId", "80f198ee56343ba864fe8b2a57d3eff7"),
     ("X-B3-SpanId", "e457b5a2e4d86bd1"), ("X-B3-Sampled", "1"),
     ("X-Envoy-Expected-Rq-Timeout-Ms", "15000"),
     ("X-Envoy-Attempt-Count", "1"),
     ("X-Request-Id", "a3f9c2d1-5b7e-4f0a-8c6d-2e1b9f3a7d54")],
    [("Host", "svc.example.com"), ("User-Agent", "Datadog Agent/7.59.0"),
     ("X-Datadog-Trace-Id", "1234567890123456789"),
     ("X-Datadog-Parent-Id", "9876543210987654321"),
     ("X-Datadog-Sampling-Priority", "1"), ("X-Datadog-Origin", "synthetics"),
     ("X-Amzn-Trace-Id", "Root=1-67543a10-6b1d4c8e9f0a2b3c4d5e6f70;"
                         "Parent=53995c3f42cd8ad8;Sampled=1")],
    # -- proxies and CDNs --
    [("Host", "www.example.com"), ("User-Agent", CHROME_UA),
     ("X-Forwarded-For", "203.0.113.195, 70.41.3.18, 150.172.238.178"),
     ("X-Forwarded-Proto", "https"), ("X-Forwarded-Port", "443"),
     ("X-Forwarded-Host", "www.example.com"),
     ("X-Real-IP", "203.0.113.195"),
     ("Via", "1.1 vegur, 1.1 varnish (Varnish/7.6)"),
     ("X-Varnish", "324151832 324151830")],
    [("Host", "www.example.com"), ("User-Agent", CHROME_UA),
     ("X-Forwarded-For", "2001:db8:85a3::8a2e:370:7334, 198.51.100.17"),
     ("Forwarded", 'for="[2001:db8:cafe::17]:4711";proto=https;'
                   'host=www.example.com, for=198.51.100.17;by=203.0.113.43'),
     ("X-Original-Forwarded-For", "2001:db8::1"),
     ("Client-IP", "2001:db8:85a3::8a2e:370:7334"),
     ("True-Client-IP", "198.51.100.17")],
    [("Host", "www.example.com"), ("User-Agent", CHROME_UA),
     ("CF-Connecting-IP", "198.51.100.23"), ("CF-IPCountry", "NL"),
     ("CF-Ray", "8ee2d5b4fa0c1e2a-AMS"),
     ("CF-Visitor", '{"scheme":"https"}'),
     ("CDN-Loop", "cloudflare; loops=1"),
     ("CF-Worker", "example.workers.dev"),
     ("X-Forwarded-For", "198.51.100.23"), ("X-Forwarded-Proto", "https"),
     ("Accept-Encoding", "gzip, br"), ("Accept", "text/html,*/*;q=0.8")],
    [("Host", "www.example.com"), ("User-Agent", "Amazon CloudFront"),
     ("Via", "2.0 a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6.cloudfront.net "
             "(CloudFront)"),
     ("X-Amz-Cf-Id", "Gz4G9bPjtU1xj1cK8PEwG0xdJ_vXjRwP1kMv3yY2mE5BfQn3x"
                     "A7Lww=="),
     ("CloudFront-Viewer-Country", "US"),
     ("CloudFront-Is-Mobile-Viewer", "false"),
     ("CloudFront-Forwarded-Proto", "https"),
     ("X-Forwarded-For", "192.0.2.44, 130.176.137.12")],
    [("Host", "www.example.com"), ("User-Agent", CHROME_UA),
     ("Fastly-Client-IP", "192.0.2.77"), ("Fastly-FF", "cache-ams21080-AMS"),
     ("Fastly-SSL", "1"), ("X-Timer", "S1733540400.123456,VS0"),
     ("Akamai-Origin-Hop", "2"),
     ("X-Akamai-Edgescape", "georegion=246,country_code=US,region_code=CA,"
                            "city=SANJOSE,lat=37.3353,long=-121.8938"),
     ("True-Client-IP", "192.0.2.77")],
    [("Host", "origin.example.com"), ("User-Agent", CHROME_UA),
     ("X-Forwarded-For", "10.1.2.3"), ("X-Forwarded-Server", "lb-02"),
     ("X-Forwarded-Prefix", "/app"), ("X-Original-URI", "/app/login?next=%2F"),
     ("X-Scheme", "https"), ("X-Real-IP", "10.1.2.3"),
     ("X-ProxyUser-Ip", "10.1.2.3")],
    [("Host", "blog.example.com"), ("User-Agent", CHROME_UA),
     ("X-Forwarded-For", "198.51.100.80"),
     ("X-Forwarded-Host", "nmap-and-shodan-tips.example.com"),
     ("X-Original-URI", "/posts/2024/nmap-masscan-zmap-compared"),
     ("X-Original-Method", "GET")],
    # -- assorted --
    [("Host", "www.example.com"),
     ("User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1; "
                    "+http://www.google.com/bot.html)"),
     ("Accept", "text/html,application/xhtml+xml,application/signed-exchange"
                ";v=b3,application/xml;q=0.9,*/*;q=0.8"),
     ("From", "googlebot(at)googlebot.com"),
     ("Accept-Encoding", "gzip, deflate, br"),
     ("If-Modified-Since", "Fri, 06 Dec 2024 18:22:01 GMT")],
    [("Host", "dav.example.com"), ("User-Agent", "Microsoft-WebDAV-MiniRedir/"
                                   "10.0.19045"),
     ("Depth", "1"), ("Translate", "f"),
     ("Content-Type", 'text/xml; charset="utf-8"'),
     ("Overwrite", "F"),
     ("Destination", "https://dav.example.com/files/Reports%202024/"
                     "Q4%20summary.docx"),
     ("If", '(<urn:uuid:181d4fae-7d8c-11d0-a765-00a0c91e6bf2>)')],
    [("Host", "www.example.com"), ("User-Agent", CHROME_UA),
     ("Accept", "application/json"),
     ("X-HTTP-Method-Override", "PATCH"),
     ("X-Frame-Options", "SAMEORIGIN"),
     ("Content-MD5", "Q2hlY2sgSW50ZWdyaXR5IQ=="),
     ("Content-Language", "en-US"), ("Max-Forwards", "10"),
     ("Keep-Alive", "timeout=5, max=1000"),
     ("X-Search-Query", "o'reilly & sons; select the best (2024) <b>deals</b>"),
     ("X-Page-Title", "Rock & Roll -- the 'best' of 1969"),
     ("Warning", '199 - "Miscellaneous warning"')],
    # -- identity and client certificates forwarded by proxies --
    [("Host", "app.example.com"), ("User-Agent", CHROME_UA),
     ("X-Forwarded-Client-Cert",
      'By=spiffe://cluster.local/ns/default/sa/web;Hash=468ed33be74eee6556d9'
      '0c0149c1309e9ba61d6425303443c0748a02dd8de688;Subject="CN=client,O=Exa'
      'mple";URI=spiffe://cluster.local/ns/default/sa/client;Cert="'
      + CERT_PEM + '"'),
     ("X-SSL-Client-Cert", CERT_PEM), ("X-SSL-Client-Verify", "SUCCESS"),
     ("X-SSL-Client-S-DN", "CN=client,OU=Payments,O=Example Ltd,C=GB")],
    [("Host", "app.example.com"), ("User-Agent", CHROME_UA),
     ("X-MS-CLIENT-PRINCIPAL", MS_PRINCIPAL),
     ("X-MS-CLIENT-PRINCIPAL-NAME", "jane.oneil@example.com"),
     ("X-MS-CLIENT-PRINCIPAL-IDP", "aad"),
     ("X-Amzn-Oidc-Data", JWT), ("X-Amzn-Oidc-Identity",
                                 "9f2a4d3e-1c7b-4b8a-9e61-0c5d2f3a7b19"),
     ("X-Goog-IAP-JWT-Assertion", JWT),
     ("X-Goog-Authenticated-User-Email", "accounts.google.com:jane@example.com"),
     ("X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/1;o=1"),
     ("X-Forwarded-User", "jane"), ("X-Forwarded-Groups", "admins,devs"),
     ("X-Original-URL", "/search?q=select+a+plan&sort=price%3Basc"),
     ("X-Shopify-Hmac-Sha256", "XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=")],
    # -- cookies: names and values of common sites, frameworks, analytics --
    [("Host", "www.example.com"), ("User-Agent", CHROME_UA),
     ("Cookie", "_ga=GA1.1.1538290346.1733500000; "
                "_ga_R2D2C3PO42=GS1.1.1733540000.3.1.1733540400.0.0.0; "
                "_gid=GA1.2.987654321.1733540000; _fbp=fb.1.1733500000123."
                "987654321; _gcl_au=1.1.1122334455.1733500000; "
                "AMCV_97F1F3F45A4B8A0B0A495CB4%40AdobeOrg=179643557%7CMCIDTS"
                "%7C20064%7CvVersion%7C5.5.0; s_cc=true; "
                "OptanonConsent=isGpcEnabled=0&datestamp=Sat+Dec+07+2024+04%3A"
                "00%3A00+GMT%2B0100&version=202409.1.0&groups=C0001%3A1%2CC0"
                "002%3A0; OptanonAlertBoxClosed=2024-12-07T03:00:00.000Z; "
                "__cf_bm=Xj3kL9.mN2pQ-1733540400-1.0.1.1-AbCdEfGhIjKlMnOp; "
                "cf_clearance=QwErTy_12345-1733540400-1.2.1.1-ZxCvBn")],
    [("Host", "blog.example.com"), ("User-Agent", CHROME_UA),
     ("Cookie", "wordpress_logged_in_5c1b2a3d4e5f60718293a4b5c6d7e8f9=admin"
                "%7C1733713200%7CkF3jz0%7Ca1b2c3d4e5f6; wp-settings-1=libraryC"
                "ontent%3Dbrowse%26editor%3Dtinymce; wp-settings-time-1=17335"
                "40400; PHPSESSID=8d7c6b5a4e3f2d1c0b9a8e7d6c5b4a3f; "
                "comment_author_email_5c1b2a3d=reader%40example.org; "
                "woocommerce_items_in_cart=1; "
                "wp_woocommerce_session_5c1b2a3d=12%7C%7C1733713200%7C%7C17336"
                "26800%7C%7Cabc123")],
    [("Host", "app.example.com"), ("User-Agent", CHROME_UA),
     ("Cookie", "__Host-next-auth.csrf-token=6f1e2d3c4b5a69788796a5b4c3d2e1f0"
                "%7Cc0ffee; __Secure-next-auth.callback-url=https%3A%2F%2Fapp."
                "example.com%2Fdashboard; __Secure-next-auth.session-token="
                + JWT[:120] + "; XSRF-TOKEN=eyJpdiI6IkZ6dFp3PT0iLCJ2YWx1ZSI6I"
                "mFiYyJ9; laravel_session=eyJpdiI6IjEyMyJ9; JSESSIONID=node01"
                "a2b3c4d5e6f7.node0; i18n_redirected=en; _hjSessionUser_123456"
                "7=eyJpZCI6ImFiYyIsImNyZWF0ZWQiOjE3MzM1NDA0MDB9; "
                "_hjIncludedInSessionSample_1234567=0; ajs_anonymous_id=%2231"
                "a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8%22; "
                "intercom-device-id-abc123de=9f8e7d6c-5b4a-4392-8170-6f5e4d3c"
                "2b1a; theme=dark; tz=Europe%2FBerlin; consent=\"a,b\"")],
]
