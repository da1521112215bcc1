package io.keywarden.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request as raw bytes over a socket, for what {@code HttpClient} refuses to send: CR and
 * LF inside header values, bytes that are not UTF-8, malformed header lines.
 */
final class RawHttp {

    private RawHttp() {}

    record Response(int status, String head, String body) {
        boolean isProblem() {
            return head.toLowerCase().contains("content-type: application/problem+json");
        }
    }

    static Response send(int port, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A request of ASCII head lines (joined with CRLF) and a body of raw bytes. */
    static byte[] request(String head, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((head + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    private static Response read(InputStream in) throws IOException {
        String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        int split = all.indexOf("\r\n\r\n");
        String head = split < 0 ? all : all.substring(0, split);
        String body = split < 0 ? "" : all.substring(split + 4);
        int status = Integer.parseInt(head.substring(9, 12));
        return new Response(status, head, body);
    }
}
