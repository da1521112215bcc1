package io.keywarden.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audits an attempt refused before it changed anything, in a transaction of its own, since
 * nothing else is committed for it. Refusals on audited routes reach it through the edge, however
 * they were refused; a job's refusal (a key gone before the job reached it) through the job. A
 * refusal of an action on a key names the key; its user is filled in here from the key's record
 * when the refusal did not name one (the key was out of the caller's scope, or refused before it
 * was read), so every attempt on a key shows in that key's history and in a search by its user.
 * Failing to audit a refusal is logged and never turns the caller's answer into another one.
 */
@Component
public class RejectedAttempts {

    private static final Logger log = LoggerFactory.getLogger(RejectedAttempts.class);

    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final KeyOwners owners;

    RejectedAttempts(AuditLog audit, TransactionTemplate transactions, KeyOwners owners) {
        this.audit = audit;
        this.transactions = transactions;
        this.owners = owners;
    }

    public void record(AuditEntry entry) {
        try {
            AuditEntry complete = entry.accessKeyId() == null || entry.userName() != null
                    ? entry
                    : owners.userOf(entry.accessKeyId()).map(entry::user).orElse(entry);
            transactions.executeWithoutResult(tx -> audit.append(complete));
        } catch (RuntimeException ex) {
            log.warn(
                    "Could not audit a rejected {} attempt: {}",
                    entry.action(),
                    ex.getClass().getSimpleName());
        }
    }
}
