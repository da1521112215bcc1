package modulefixture.orders;

import modulefixture.billing.Invoice;

public record Order(Invoice invoice) {}
