"""``pjgen serve``: the browser pages (上传检查, 生成, 修改对比, 空白工作簿, 批量).

``app.create_app`` builds the Starlette application from ``pages``, ``api`` and
``batch`` behind ``guard``; each request's work runs in a worker process of
``jobs`` (``work`` says what it does) under a time limit; ``pdf`` converts
outside the request; ``store`` keeps every upload in its own temporary folder,
per browser session; ``reaper`` makes sure nothing outlives the server;
``serve.run`` starts uvicorn. The pages call the same library functions as the
CLI (pipeline, build, diff, carry, workbook); nothing here decides about a
workbook's content.
"""
