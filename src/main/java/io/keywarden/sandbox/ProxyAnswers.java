package io.keywarden.sandbox;

/**
 * What a proxy in front of the gateway answers when it fails: a bare error status with a short
 * text body and no upstream request id, since the gateway never saw the request, or no answer.
 */
final class ProxyAnswers {

    private ProxyAnswers() {}

    static SandboxAnswer answer(SandboxFault fault) {
        return switch (fault.type()) {
            case HTTP_STATUS ->
                SandboxAnswer.text(
                        fault.status(), fault.status() + " " + reason(fault.status()) + "\n", fault.retryAfter());
            case NO_ANSWER -> SandboxAnswer.noAnswer(fault.delay());
            case DROP_CONNECTION -> SandboxAnswer.dropConnection();
            default -> throw new IllegalStateException("not a proxy fault: " + fault.type());
        };
    }

    private static String reason(int status) {
        return switch (status) {
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }
}
