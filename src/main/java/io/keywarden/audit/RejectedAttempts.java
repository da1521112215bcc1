package io.keywarden.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audits an attempt refused before it changed anything: invalid input, a caller outside its role
 * or scope, a reused or busy idempotency key. The module that decides the refusal records it
 * here, in a transaction of its own, since nothing else is committed for it. Failing to audit a
 * refusal is logged and never turns the caller's answer into another one.
 */
@Component
public class RejectedAttempts {

    private static final Logger log = LoggerFactory.getLogger(RejectedAttempts.class);

    private final AuditLog audit;
    private final TransactionTemplate transactions;

    RejectedAttempts(AuditLog audit, TransactionTemplate transactions) {
        this.audit = audit;
        this.transactions = transactions;
    }

    public void record(AuditEntry entry) {
        try {
            transactions.executeWithoutResult(tx -> audit.append(entry));
        } catch (RuntimeException ex) {
            log.warn(
                    "Could not audit a rejected {} attempt: {}",
                    entry.action(),
                    ex.getClass().getSimpleName());
        }
    }
}
