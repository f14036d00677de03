package dev.parley.events.delivery;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;

/** Configurations of the three Kafka clients the sender uses. */
final class KafkaClientConfigs {
    private KafkaClientConfigs() {
    }

    /**
     * Idempotent producer that retries within a delivery timeout (2 minutes unless configured). When records time
     * out, the sender replaces the producer, finds out which records the broker has and resends the others, so
     * a long outage loses and duplicates nothing; the timeout only unsticks a producer that no longer progresses.
     */
    static Map<String, Object> producer(DeliverySettings settings) {
        Map<String, Object> config = common(settings, "producer");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight: with more, a first batch refused with a retriable error (NOT_LEADER while a new
        // partition settles) is overtaken by the next, which the broker accepts without producer state, and the
        // retried first batch then fails OUT_OF_ORDER_SEQUENCE_NUMBER forever (KAFKA-14359). Event rates are low
        // and one request carries every partition's batch, so the pipelining it costs is not missed.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        config.put(ProducerConfig.RETRIES_CONFIG, String.valueOf(Integer.MAX_VALUE));
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(settings.clientTimeout().toMillis()));
        return config;
    }

    static Map<String, Object> admin(DeliverySettings settings) {
        Map<String, Object> config = common(settings, "admin");
        int timeout = (int) settings.clientTimeout().toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        return config;
    }

    /** Group-less consumer that reads topics back to find records delivered before a restart. */
    static Map<String, Object> reader(DeliverySettings settings) {
        Map<String, Object> config = common(settings, "reconciler");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    private static Map<String, Object> common(DeliverySettings settings, String role) {
        Map<String, Object> config = new HashMap<>(settings.clientProperties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, settings.clientId() + "-" + role);
        return config;
    }
}
