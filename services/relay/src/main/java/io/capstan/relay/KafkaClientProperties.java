package io.capstan.relay;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code capstan.kafka.properties.*}: Kafka client settings passed through unchanged to the
 * relay's producer and admin client, e.g. {@code security.protocol: SSL} and {@code ssl.*} for
 * mTLS to a production cluster. {@code capstan.kafka.bootstrap-servers} is read separately.
 */
@ConfigurationProperties("capstan.kafka")
public record KafkaClientProperties(@DefaultValue Map<String, String> properties) {}
