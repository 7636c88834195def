package corebank.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The load generator's HTTP/1.1 client: one keep-alive connection, one request at a time, and
 * nothing else. The JDK's HttpClient spent a third of a core on 400 requests a second here, CPU
 * that the engine and PostgreSQL, on the same two cores, then lacked; this one costs a few
 * microseconds a request. It understands exactly what the engine answers: a status line,
 * headers with Content-Length, and a body (no chunked encoding, which the engine does not use
 * for these routes; it is refused loudly rather than misread).
 */
final class LeanHttpClient implements AutoCloseable {

    record Response(int status, String body) {
    }

    private final URI base;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    LeanHttpClient(URI base) {
        this.base = base;
    }

    Response post(String path, String json, String bearer, String idempotencyKey) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(base.getHost()).append(':').append(base.getPort())
                .append("\r\nContent-Type: application/json\r\nAccept: application/json\r\nAuthorization: Bearer ").append(bearer)
                .append("\r\nContent-Length: ").append(body.length).append("\r\n");
        if (idempotencyKey != null) {
            head.append("Idempotency-Key: ").append(idempotencyKey).append("\r\n");
        }
        head.append("\r\n");
        if (socket == null) {
            connect();
        }
        try {
            return exchange(head.toString().getBytes(StandardCharsets.US_ASCII), body);
        } catch (IOException closedByServer) {
            // the server closed an idle keep-alive connection: reconnect once (safe to resend:
            // every money-moving request of the benchmark carries its Idempotency-Key)
            close();
            connect();
            return exchange(head.toString().getBytes(StandardCharsets.US_ASCII), body);
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    private Response exchange(byte[] head, byte[] body) throws IOException {
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean close = false;
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                throw new IOException("unexpected Transfer-Encoding: " + value);
            } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("response without Content-Length");
        }
        byte[] content = in.readNBytes(length);
        if (close) {
            close();
        }
        return new Response(status, new String(content, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = buffer.size();
                byte[] bytes = buffer.toByteArray();
                return new String(bytes, 0, n > 0 && bytes[n - 1] == '\r' ? n - 1 : n, StandardCharsets.US_ASCII);
            }
            buffer.write(c);
        }
        return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
