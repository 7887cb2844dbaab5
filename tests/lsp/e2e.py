"""End-to-end session with `mcplint server`, driven by pygls's LSP client.

Usage: python e2e.py MCPLINT WORKSPACE

WORKSPACE must hold the files written by tests/lsp_server.rs: `tool.py` (a vulnerable tool),
`helpers.py` (a helper that quotes its argument) and `server.py` (a tool that calls it). Every
step prints what the editor would show; a failed expectation raises and exits non-zero.
"""

import asyncio
import sys
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.client import LanguageClient

TIMEOUT = 30.0

VULNERABLE_LINE = '    return subprocess.run(f"ls {name}", shell=True, capture_output=True, text=True, timeout=60).stdout\n'
FIXED_LINE = '    return subprocess.run(["ls", name], capture_output=True, text=True, timeout=60).stdout\n'


class Client(LanguageClient):
    """A client that records every diagnostic publication and `window/showDocument`."""

    def __init__(self):
        super().__init__("mcplint-e2e", "v1")
        self.published = {}
        self.changed = asyncio.Condition()
        self.shown = []

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        async def on_diagnostics(params):
            async with self.changed:
                self.published[params.uri] = params.diagnostics
                self.changed.notify_all()

        @self.feature(types.WINDOW_SHOW_DOCUMENT)
        def on_show_document(params):
            self.shown.append(params.uri)
            return types.ShowDocumentResult(success=True)

        @self.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params):
            print(f"  [server log] {params.message}")

    async def wait_for(self, uri, predicate, what):
        """Waits until the diagnostics published for `uri` satisfy `predicate`."""
        async def ready():
            async with self.changed:
                await self.changed.wait_for(lambda: uri in self.published and predicate(self.published[uri]))
                return self.published[uri]
        try:
            return await asyncio.wait_for(ready(), TIMEOUT)
        except TimeoutError:
            raise AssertionError(f"timed out waiting for {what}; last published for {uri}: {self.published.get(uri)}")


def show(uri, diagnostics):
    name = uri.rsplit("/", 1)[-1]
    if not diagnostics:
        print(f"{name}: no diagnostics")
    for d in diagnostics:
        start = d.range.start
        print(f"{name}:{start.line + 1}:{start.character + 1}: {d.severity.name.lower()} [{d.code}] {d.message}")
        print(f"    docs: {d.code_description.href}")
        for info in d.related_information or []:
            at = info.location.range.start
            where = info.location.uri.rsplit("/", 1)[-1]
            print(f"    {where}:{at.line + 1}:{at.character + 1}: {info.message}")


def change(client, uri, version, text):
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
    ))


async def session(binary, workspace):
    client = Client()
    await client.start_io(binary, "server")
    root = workspace.as_uri()
    result = await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        workspace_folders=[types.WorkspaceFolder(uri=root, name="demo")],
    ))
    assert result.server_info.name == "mcplint", result
    client.initialized(types.InitializedParams())
    print(f"initialized: {result.server_info.name} {result.server_info.version}")

    # 1. A vulnerable tool: the diagnostic with its flow.
    tool = (workspace / "tool.py").as_uri()
    text = (workspace / "tool.py").read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=tool, language_id="python", version=1, text=text)))
    found = await client.wait_for(tool, lambda ds: len(ds) == 1, "the shell-injection diagnostic")
    show(tool, found)
    diagnostic = found[0]
    assert diagnostic.code == "shell-injection", diagnostic
    assert diagnostic.source == "mcplint", diagnostic
    assert diagnostic.severity == types.DiagnosticSeverity.Error, diagnostic
    assert diagnostic.code_description.href.endswith("rules.md#shell-injection"), diagnostic
    assert diagnostic.range.start.line == 10, diagnostic.range
    flow = diagnostic.related_information
    assert flow and len(flow) >= 2, flow
    assert "tool input `name`" in flow[0].message, flow[0]
    assert flow[0].location.range.start.line == 8, flow[0]
    assert flow[-1].location.range.start.line == 10, flow[-1]

    # 2. Code actions: a suppression with a reason placeholder, and the rule's documentation.
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=tool),
        range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic]),
    ))
    titles = [a.title for a in actions]
    print(f"code actions: {titles}")
    suppress = next(a for a in actions if a.title.startswith("Suppress shell-injection"))
    edit = suppress.edit.changes[tool][0]
    assert edit.new_text == "    # mcplint: ignore[shell-injection] -- TODO: why this is safe\n", edit
    assert edit.range.start.line == 10, edit
    docs = next(a for a in actions if a.title.startswith("Open the documentation"))
    assert isinstance(docs, types.Command), docs
    await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=docs.command, arguments=docs.arguments))
    for _ in range(100):
        if client.shown:
            break
        await asyncio.sleep(0.05)
    assert client.shown and client.shown[0].endswith("rules.md#shell-injection"), client.shown
    print(f"documentation opened: {client.shown[0]}")

    # 3. The fix, unsaved: the diagnostic goes away.
    change(client, tool, 2, text.replace(VULNERABLE_LINE, FIXED_LINE))
    show(tool, await client.wait_for(tool, lambda ds: len(ds) == 0, "the diagnostic to be cleared"))

    # 4. A helper edited in another file: the handler that calls it gets a diagnostic.
    helpers = (workspace / "helpers.py").as_uri()
    server = (workspace / "server.py").as_uri()
    helper_text = (workspace / "helpers.py").read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=helpers, language_id="python", version=1, text=helper_text)))
    change(client, helpers, 2, helper_text.replace("return shlex.quote(name)", "return name"))
    found = await client.wait_for(server, lambda ds: len(ds) == 1, "the handler's diagnostic in server.py")
    show(server, found)
    assert found[0].code == "shell-injection", found
    assert any(i.location.uri == server for i in found[0].related_information), found

    # 5. Malformed messages get error responses; the server stays up. They are written raw (the
    # client library would not send them), the responses awaited as the library awaits its own.
    for msg_id, body, code in [
        (None, b"{this is not json", -32700),
        ("malformed-1", b'{"jsonrpc":"2.0","id":"malformed-1","method":5}', -32600),
        ("malformed-2", b'{"jsonrpc":"2.0","id":"malformed-2","method":"textDocument/codeAction","params":{"no":1}}', -32602),
    ]:
        answer = asyncio.get_running_loop().create_future()
        client.protocol._request_futures[msg_id] = answer
        client.protocol.writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        try:
            await asyncio.wait_for(answer, TIMEOUT)
            raise AssertionError(f"{body!r} was answered without an error")
        except JsonRpcException as err:
            print(f"malformed message {body.decode()!r} answered with error {err.code}: {err.message}")
            assert err.code == code, (err.code, code)
    change(client, helpers, 3, helper_text)
    show(server, await client.wait_for(server, lambda ds: len(ds) == 0, "the handler's diagnostic to go"))

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    code = client._server.returncode
    print(f"server exited with status {code}")
    assert code == 0, code


def main():
    binary, workspace = sys.argv[1], Path(sys.argv[2]).resolve()
    asyncio.run(session(binary, workspace))
    print("ok")


if __name__ == "__main__":
    main()
