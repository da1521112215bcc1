package io.keywarden.audit;

import io.keywarden.platform.web.Refusal;
import io.keywarden.platform.web.StorageUnavailableException;

/**
 * A create, rotation or renewal refused while the database is behind the audit checkpoint
 * keywarden signed: a credential service must not issue on a history it knows lost acknowledged
 * commits. Answered 503 with the finding, until an operator acknowledges the loss
 * ({@value #ACKNOWLEDGEMENT_ROUTE}); the compat API answers it as storage unavailable.
 */
public class DatabaseBehindException extends StorageUnavailableException implements Refusal {

    public static final String ACKNOWLEDGEMENT_ROUTE = "POST /admin/v1/audit-checkpoints/loss-acknowledgements";

    public DatabaseBehindException(String finding) {
        super("Creates, rotations and renewals are halted: " + finding + ". Nothing was changed. An operator must"
                + " check the database and acknowledge the loss (" + ACKNOWLEDGEMENT_ROUTE + ", ADMIN); reads"
                + " stay available.");
    }

    @Override
    public Kind refusal() {
        return Kind.HALTED;
    }
}
