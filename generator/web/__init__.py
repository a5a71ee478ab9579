"""``pjgen serve``: the browser pages (上传检查, 生成, 修改对比, 空白工作簿, 批量).

``app.create_app`` builds the Starlette application; ``store`` keeps every
upload in its own temporary folder, per browser session; ``serve.run`` starts
uvicorn. The pages call the same library functions as the CLI (pipeline,
build, diff, workbook); nothing here decides about a workbook's content.
"""
