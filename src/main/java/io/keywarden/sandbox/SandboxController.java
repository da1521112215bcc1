package io.keywarden.sandbox;

import io.keywarden.platform.web.ActingGets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox upstream and its fault API served by keywarden itself, so the {@code local} profile
 * needs no second process. Requests are read from the servlet API directly: the gateway merges query
 * and body parameters whatever the encoding, which no single binding annotation expresses.
 */
@RestController
@RequestMapping("/sandbox/upstream")
@ConditionalOnBooleanProperty("keywarden.sandbox.enabled")
class SandboxController {

    private final SandboxUpstream upstream;
    private final SandboxJson json;
    private final ServletAnswerWriter writer = new ServletAnswerWriter();

    SandboxController(SandboxUpstream upstream) {
        this.upstream = upstream;
        this.json = upstream.json();
    }

    @RequestMapping(
            path = {"", "/"},
            method = {RequestMethod.GET, RequestMethod.POST})
    void call(HttpServletRequest request, HttpServletResponse response)
            throws IOException, HttpRequestMethodNotSupportedException {
        // Creating, updating and deleting keys take GET and POST only, as on the gateway.
        ActingGets.refuseHead(request, HttpMethod.GET, HttpMethod.POST);
        Map<String, String> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, values[0]));
        if (request.getContentType() != null && request.getContentType().startsWith(MediaType.APPLICATION_JSON_VALUE)) {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            bodyParameters(body).forEach(parameters::putIfAbsent);
        }
        writer.write(upstream.handle(parameters), response);
    }

    @GetMapping(path = "/faults", produces = MediaType.APPLICATION_JSON_VALUE)
    String faults() {
        return json.faults(upstream.faults());
    }

    @PostMapping(path = "/faults", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> arm(@RequestBody String body) {
        SandboxFault fault = json.fault(body);
        upstream.arm(fault);
        return ResponseEntity.status(HttpStatus.CREATED).body(json.write(fault.toFields()));
    }

    @DeleteMapping("/faults")
    ResponseEntity<Void> clearFaults() {
        upstream.clearFaults();
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    String stats() {
        return json.write(upstream.stats());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badFault(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** The gateway answers an unreadable JSON body as if it held no parameters: RetCode 160. */
    private Map<String, String> bodyParameters(String body) {
        try {
            return json.parameters(body);
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }
}
