package dev.checkoutsaga.events;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes travel as {@code ce_*}
 * headers, the data (JSON) is the record value, the record key is the orderId.
 */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String CONTENT_TYPE_VALUE = "application/json";

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    /** In binary mode the data content type is the Kafka {@code content-type} header. */
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }
}
