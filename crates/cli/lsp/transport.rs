//! The stdio transport: JSON-RPC messages framed by `Content-Length` headers.
//!
//! `lsp-server` has its own stdio transport, but its reader thread stops at the first message
//! that is not valid JSON-RPC, and the server with it. This one answers such a message with a
//! JSON-RPC error (`-32700` parse error for text that is not JSON, `-32600` invalid request for
//! JSON that is not a message, with the request's id when it has one) and reads on: a client's
//! bad message costs it an error, not its server.

use std::io::{self, BufRead, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded, select, unbounded};
use lsp_server::{Connection, ErrorCode, Message, RequestId, Response};
use serde_json::{Value, json};

/// The transport's threads: joined when the server stops.
pub(crate) struct IoThreads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for the writer to flush what it was given (the reader may still be blocked on
    /// standard input: it is left to end with the process).
    pub(crate) fn join(self) -> io::Result<()> {
        drop(self.reader);
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over standard input and output.
pub(crate) fn stdio() -> (Connection, IoThreads) {
    connect(io::BufReader::new(io::stdin()), io::stdout())
}

/// A connection reading messages from `input` and writing them to `output`, each on its own
/// thread.
pub(crate) fn connect(
    input: impl BufRead + Send + 'static,
    output: impl Write + Send + 'static,
) -> (Connection, IoThreads) {
    let (to_writer, from_server) = unbounded::<Message>();
    let (raw_sender, raw_receiver) = unbounded::<Value>();
    let writer = thread::Builder::new()
        .name("mcplint-lsp-writer".to_owned())
        .spawn(move || write_loop(output, &from_server, &raw_receiver))
        .expect("cannot start the writer thread");
    let (to_server, from_reader) = bounded::<Message>(0);
    let errors = to_writer.clone();
    let reader = thread::Builder::new()
        .name("mcplint-lsp-reader".to_owned())
        .spawn(move || read_loop(input, &to_server, &errors, &raw_sender))
        .expect("cannot start the reader thread");
    let connection = Connection {
        sender: to_writer,
        receiver: from_reader,
    };
    (connection, IoThreads { reader, writer })
}

/// Writes the server's messages and the reader's raw error responses, until the server drops
/// its sender.
fn write_loop(
    mut output: impl Write,
    messages: &Receiver<Message>,
    raw: &Receiver<Value>,
) -> io::Result<()> {
    let closed = crossbeam_channel::never();
    let mut raw_open = true;
    loop {
        select! {
            recv(messages) -> msg => match msg {
                Ok(msg) => msg.write(&mut output)?,
                Err(_) => {
                    for value in raw.try_iter() {
                        write_frame(&mut output, &value.to_string())?;
                    }
                    return Ok(());
                }
            },
            recv(if raw_open { raw } else { &closed }) -> value => match value {
                Ok(value) => write_frame(&mut output, &value.to_string())?,
                Err(_) => raw_open = false,
            },
        }
    }
}

/// Writes one framed message.
fn write_frame(output: &mut impl Write, text: &str) -> io::Result<()> {
    write!(output, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    output.flush()
}

/// Reads messages until the input ends, the server stops listening or an `exit` notification;
/// a frame that is not a message gets an error response.
fn read_loop(
    mut input: impl BufRead,
    to_server: &Sender<Message>,
    errors: &Sender<Message>,
    raw: &Sender<Value>,
) {
    loop {
        let text = match read_frame(&mut input) {
            Ok(Some(text)) => text,
            Err(err) if err.kind() == io::ErrorKind::InvalidData => {
                let _ = raw.send(error_without_id(ErrorCode::ParseError, &err.to_string()));
                continue;
            }
            // The end of the input, or it cannot be read any more.
            Ok(None) | Err(_) => return,
        };
        match parse_message(&text) {
            Ok(msg) => {
                let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                if to_server.send(msg).is_err() || exit {
                    return;
                }
            }
            Err(Rejected::WithId(response)) => {
                let _ = errors.send(Message::Response(response));
            }
            Err(Rejected::WithoutId(value)) => {
                let _ = raw.send(value);
            }
        }
    }
}

/// Why a frame is not a message, as the error response to send.
enum Rejected {
    /// The frame names a request id: the response carries it.
    WithId(Response),
    /// No usable id: a raw response with `"id": null`.
    WithoutId(Value),
}

/// The message in a frame's text.
fn parse_message(text: &str) -> Result<Message, Rejected> {
    let value: Value = serde_json::from_str(text).map_err(|err| {
        Rejected::WithoutId(error_without_id(
            ErrorCode::ParseError,
            &format!("not JSON: {err}"),
        ))
    })?;
    let id = match value.get("id") {
        Some(Value::Number(n)) => n
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .map(RequestId::from),
        Some(Value::String(s)) => Some(RequestId::from(s.clone())),
        _ => None,
    };
    // `Message` is an untagged union whose `Response` accepts any object with an id: the shape
    // is checked here first.
    let shaped = match (value.get("method"), &id) {
        (Some(method), _) => method.is_string(),
        (None, Some(_)) => value.get("result").is_some() || value.get("error").is_some(),
        (None, None) => false,
    };
    let parsed = if shaped {
        serde_json::from_value(value).map_err(|err| err.to_string())
    } else {
        Err("neither a request, a notification nor a response".to_owned())
    };
    parsed.map_err(|err| {
        let message = format!("not a JSON-RPC message: {err}");
        match id {
            Some(id) => Rejected::WithId(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                message,
            )),
            None => Rejected::WithoutId(error_without_id(ErrorCode::InvalidRequest, &message)),
        }
    })
}

/// An error response with `"id": null`, for a message whose id cannot be read.
fn error_without_id(code: ErrorCode, message: &str) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code as i32, "message": message },
    })
}

/// The text of the next frame; `None` at the end of the input; an `InvalidData` error for a
/// frame whose headers cannot be read (its header block is consumed, reading goes on after it).
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut length = None;
    let mut bad_header = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() || bad_header.is_some() {
                break;
            }
            // Blank lines between frames are tolerated.
            continue;
        }
        match header.split_once(": ") {
            Some((name, value)) if name.eq_ignore_ascii_case("Content-Length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_header = Some(format!("bad Content-Length: {value:?}")),
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("malformed header: {header:?}")),
        }
    }
    if let Some(problem) = bad_header {
        return Err(io::Error::new(io::ErrorKind::InvalidData, problem));
    }
    let length = length.unwrap_or_default();
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    String::from_utf8(body)
        .map(Some)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the body is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(text: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{text}", text.len())
    }

    /// A writer whose bytes the test reads after the writer thread is done.
    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn bad_frames_get_errors_and_reading_goes_on() {
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            "Content-Length: x\r\n\r\n".to_owned(),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        ]
        .concat();
        let output = Shared::default();
        let (connection, threads) = connect(io::Cursor::new(input.into_bytes()), output.clone());
        let msg = connection.receiver.recv().unwrap();
        assert!(matches!(msg, Message::Notification(n) if n.method == "initialized"));
        assert!(connection.receiver.recv().is_err());
        drop(connection);
        threads.join().unwrap();
        let written = String::from_utf8(output.0.lock().unwrap().clone()).unwrap();
        let mut bodies: Vec<Value> = Vec::new();
        let mut rest = written.as_str();
        while let Some((header, after)) = rest.split_once("\r\n\r\n") {
            let length: usize = header["Content-Length: ".len()..].parse().unwrap();
            bodies.push(serde_json::from_str(&after[..length]).unwrap());
            rest = &after[length..];
        }
        let answers: Vec<(Value, Value)> = bodies
            .iter()
            .map(|b| (b["id"].clone(), b["error"]["code"].clone()))
            .collect();
        assert_eq!(answers.len(), 3, "{written}");
        for expected in [
            (Value::Null, json!(-32700)),
            (json!(7), json!(-32600)),
            (Value::Null, json!(-32700)),
        ] {
            assert!(answers.contains(&expected), "{written}");
        }
    }

    #[test]
    fn parse_errors_carry_the_id_when_there_is_one() {
        match parse_message(r#"{"jsonrpc":"2.0","id":7,"method":5}"#) {
            Err(Rejected::WithId(response)) => {
                assert_eq!(response.id, RequestId::from(7));
                assert_eq!(
                    response.error.unwrap().code,
                    ErrorCode::InvalidRequest as i32
                );
            }
            _ => panic!("expected an error with the id"),
        }
        match parse_message("{not json") {
            Err(Rejected::WithoutId(value)) => {
                assert_eq!(value["id"], Value::Null);
                assert_eq!(value["error"]["code"], ErrorCode::ParseError as i32);
            }
            _ => panic!("expected a parse error"),
        }
    }
}
