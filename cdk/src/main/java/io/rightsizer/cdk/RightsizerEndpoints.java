package io.rightsizer.cdk;

import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

import java.util.Objects;

/**
 * Where a monitored function finds a Rightsizer deployment: the stream it writes to and the extension layer it runs.
 *
 * <p>Three ways to say it: the ARNs themselves (from {@code cdk-outputs.json}), the Rightsizer stack of the same
 * CDK app, or Parameter Store, where every Rightsizer stack publishes both under {@code /rightsizer/<stack name>/}.
 * Parameter Store is the one for other apps: each deploy of a monitored function picks up the newest layer version,
 * and no CloudFormation export ties the two stacks together.
 */
public interface RightsizerEndpoints {

    /** The stream's ARN as seen from {@code scope}'s stack. */
    String streamArn(Construct scope);

    /** The extension layer version's ARN as seen from {@code scope}'s stack. */
    String layerVersionArn(Construct scope);

    /** Fixed ARNs, e.g. the {@code StreamArn} and {@code ExtensionLayerArn} outputs of a deployment. */
    static RightsizerEndpoints of(String streamArn, String layerVersionArn) {
        Objects.requireNonNull(streamArn, "streamArn");
        Objects.requireNonNull(layerVersionArn, "layerVersionArn");
        return new RightsizerEndpoints() {
            @Override
            public String streamArn(Construct scope) {
                return streamArn;
            }

            @Override
            public String layerVersionArn(Construct scope) {
                return layerVersionArn;
            }
        };
    }

    /** The parameters the Rightsizer stack of that name publishes, resolved when the monitored stack deploys. */
    static RightsizerEndpoints fromParameterStore(String rightsizerStackName) {
        Objects.requireNonNull(rightsizerStackName, "rightsizerStackName");
        String prefix = RightsizerStack.PARAMETER_PREFIX + rightsizerStackName + "/";
        return new RightsizerEndpoints() {
            @Override
            public String streamArn(Construct scope) {
                return StringParameter.valueForStringParameter(scope, prefix + "stream-arn");
            }

            @Override
            public String layerVersionArn(Construct scope) {
                return StringParameter.valueForStringParameter(scope, prefix + "extension-layer-arn");
            }
        };
    }

    /** The parameters of a Rightsizer stack deployed under the default name. */
    static RightsizerEndpoints fromParameterStore() {
        return fromParameterStore(RightsizerStack.DEFAULT_STACK_NAME);
    }
}
