package io.keywarden.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    /**
     * Sends a request whose body may be far larger than the server will read: the head first, then
     * {@code bodyLength} bytes of {@code body} on another thread while the answer is read here. The
     * server may answer before the body is through and close the connection on the rest; the
     * writer then stops, and whatever answer arrived is returned.
     */
    static Response sendStreaming(int port, String head, long bodyLength, byte filler, byte[] prefix) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nContent-Length: " + bodyLength + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            Thread writer = new Thread(() -> writeBody(out, bodyLength, filler, prefix), "raw-http-body");
            writer.setDaemon(true);
            writer.start();
            return read(socket.getInputStream());
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void writeBody(OutputStream out, long length, byte filler, byte[] prefix) {
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, filler);
        try {
            out.write(prefix);
            for (long left = length - prefix.length; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
            out.flush();
        } catch (IOException closedByServer) {
            // The server answered and stopped reading: the rest of the body is not needed.
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

    /** Reads until the end or a reset, keeping what arrived: a server may reset a connection it stopped reading. */
    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            if (received.size() == 0) {
                throw reset;
            }
        }
        String all = received.toString(StandardCharsets.ISO_8859_1);
        int split = all.indexOf("\r\n\r\n");
        String head = split < 0 ? all : all.substring(0, split);
        String body = split < 0 ? "" : all.substring(split + 4);
        int status = Integer.parseInt(head.substring(9, 12));
        return new Response(status, head, body);
    }
}
