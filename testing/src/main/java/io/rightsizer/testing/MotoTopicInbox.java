package io.rightsizer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A topic on moto's SNS with an SQS queue subscribed to it, so a test reads back every message published to the topic
 * as a subscriber would receive it (SNS's JSON envelope: subject, message, attributes).
 */
public final class MotoTopicInbox implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnsClient sns;
    private final SqsClient sqs;
    private final String topicArn;
    private final String queueUrl;
    private final List<Received> received = new ArrayList<>();

    /** One message as the subscriber got it. */
    public record Received(String subject, String message, Map<String, String> attributes) {
    }

    /** Creates a fresh topic and subscribed queue on moto. */
    public static MotoTopicInbox create(URI endpoint) {
        return new MotoTopicInbox(endpoint);
    }

    private MotoTopicInbox(URI endpoint) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("testing", "testing"));
        sns = SnsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        String name = "decisions-" + UUID.randomUUID().toString().substring(0, 8);
        topicArn = sns.createTopic(b -> b.name(name).attributes(Map.of("KmsMasterKeyId", "alias/aws/sns")))
                .topicArn();
        queueUrl = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    }

    /** The topic to publish to. */
    public String topicArn() {
        return topicArn;
    }

    /** A client of the same moto, for the code under test. */
    public SnsClient sns() {
        return sns;
    }

    /** Every message received so far, oldest first (moto delivers to the queue before Publish returns). */
    public List<Received> messages() {
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return List.copyOf(received);
            }
            for (Message m : batch) {
                received.add(parse(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private static Received parse(String envelope) {
        try {
            JsonNode n = JSON.readTree(envelope);
            Map<String, String> attributes = new java.util.TreeMap<>();
            n.path("MessageAttributes").fields().forEachRemaining(e ->
                    attributes.put(e.getKey(), e.getValue().path("Value").asText()));
            return new Received(n.path("Subject").isMissingNode() || n.path("Subject").isNull() ? null
                    : n.path("Subject").asText(), n.path("Message").asText(), attributes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sns.close();
        sqs.close();
    }
}
