package modulefixture.billing;

public record Invoice(long amount) {}
