package io.keywarden.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Boot's own structured formats, as {@code logging.structured.format.console} selects them,
 * carry the request's id and client (MDC) as fields of the request line.
 */
class StructuredLogTests {

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash"})
    void theRequestLineInJsonCarriesTheRequestIdAndClientAsFields(String format) {
        LoggerContext context = new LoggerContext();
        // Where Boot's logging system leaves the environment for its encoders.
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        LoggingEvent event = new LoggingEvent(
                RequestLogFilter.class.getName(),
                context.getLogger(RequestLogFilter.class),
                Level.INFO,
                "request method=GET path=/v1/access-keys status=200 durationMs=3 client=payments requestId=r-1",
                null,
                null);
        event.setMDCPropertyMap(Map.of(RequestIdFilter.REQUEST_ID, "r-1", "client", "payments"));

        JsonNode json = JsonMapper.shared().readTree(new String(encoder.encode(event), StandardCharsets.UTF_8));

        assertThat(json.toString()).contains("\"requestId\":\"r-1\"", "\"client\":\"payments\"");
        assertThat(json.get("message").asString()).startsWith("request method=GET");
    }
}
