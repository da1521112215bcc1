package io.keywarden.platform.web.internal;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * A request whose body was already read, within the size limit, served from those bytes. The query
 * string's parameters come from the container as before; a form body's are parsed here from the
 * bytes read, in the same order the container would give them. A body that does not decode in its
 * charset fails the same way the container's parsing does, with {@link IllegalStateException} on
 * first access.
 */
final class BufferedBody extends HttpServletRequestWrapper {

    private final byte[] body;
    private final boolean form;
    private Map<String, String[]> parameters;

    BufferedBody(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
        this.form = isForm(request);
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(type));
        } catch (IllegalArgumentException unparsable) {
            return false;
        }
    }

    @Override
    public String getParameter(String name) {
        String[] values = getParameterMap().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = getParameterMap().get(name);
        return values == null ? null : values.clone();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(getParameterMap().keySet());
    }

    @Override
    public synchronized Map<String, String[]> getParameterMap() {
        if (parameters == null) {
            Map<String, List<String>> all = new LinkedHashMap<>();
            // The container reads only the query now: the body's stream was consumed here.
            super.getParameterMap()
                    .forEach((name, values) ->
                            all.computeIfAbsent(name, n -> new ArrayList<>()).addAll(List.of(values)));
            if (form) {
                parseBody(all);
            }
            Map<String, String[]> merged = new LinkedHashMap<>();
            all.forEach((name, values) -> merged.put(name, values.toArray(String[]::new)));
            parameters = Collections.unmodifiableMap(merged);
        }
        return parameters;
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return bytes.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("the body was already read");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset()));
    }

    private void parseBody(Map<String, List<String>> into) {
        Charset charset = charset();
        int start = 0;
        while (start <= body.length) {
            int end = indexOf((byte) '&', start);
            int equals = indexOf((byte) '=', start);
            if (end > start) {
                boolean hasValue = equals >= 0 && equals < end;
                String name = decode(start, hasValue ? equals : end, charset);
                String value = hasValue ? decode(equals + 1, end, charset) : "";
                into.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
            start = end + 1;
        }
    }

    private int indexOf(byte wanted, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == wanted) {
                return i;
            }
        }
        return body.length;
    }

    private String decode(int from, int to, Charset charset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw new IllegalStateException("A form parameter has a truncated %-escape.");
                }
                int high = Character.digit(body[i + 1], 16);
                int low = Character.digit(body[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw new IllegalStateException("A form parameter has an invalid %-escape.");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException ex) {
            throw new IllegalStateException("A form parameter could not be decoded as " + charset + ".", ex);
        }
    }

    private Charset charset() {
        String name = getCharacterEncoding();
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }
}
