/// The page served at `/` until the web interface arrives: what is running and where the API is.
enum LandingPage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Whereabouts</title></head>
        <body>
        <main>
        <h1>Whereabouts</h1>
        <p>The documentation server is running. The JSON API is described at
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>; health at <a href="/healthz">/healthz</a>
        and <a href="/readyz">/readyz</a>; metrics at <a href="/metrics">/metrics</a>.</p>
        <p lang="ko">웨어어바웃: 국경을 넘는 인권 침해 기록 시스템</p>
        <p lang="ja">ウェアアバウツ：国境を越える人権侵害の記録システム</p>
        </main>
        </body>
        </html>
        """
}
