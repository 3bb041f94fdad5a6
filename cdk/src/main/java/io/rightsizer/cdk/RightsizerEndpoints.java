package io.rightsizer.cdk;

import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

import java.util.Objects;

/**
 * Where a monitored function finds a Rightsizer deployment: the stream it writes to and the extension layer it runs,
 * one per architecture (the layer holds a native binary).
 *
 * <p>Three ways to say it: the ARNs themselves (from {@code cdk-outputs.json}), the Rightsizer stack of the same
 * CDK app, or Parameter Store, where every Rightsizer stack publishes them under {@code /rightsizer/<stack name>/}.
 * Parameter Store is the one for other apps: each deploy of a monitored function picks up the newest layer version,
 * and no CloudFormation export ties the two stacks together.
 */
public interface RightsizerEndpoints {

    /** The stream's ARN as seen from {@code scope}'s stack. */
    String streamArn(Construct scope);

    /** The ARN of the extension layer version for functions of {@code architecture}, as seen from {@code scope}. */
    String layerVersionArn(Construct scope, Architecture architecture);

    /**
     * Fixed ARNs, e.g. the {@code StreamArn}, {@code ExtensionLayerArn} (x86_64) and {@code ExtensionLayerArm64Arn}
     * outputs of a deployment.
     */
    static RightsizerEndpoints of(String streamArn, String x86_64LayerVersionArn, String arm64LayerVersionArn) {
        Objects.requireNonNull(streamArn, "streamArn");
        Objects.requireNonNull(x86_64LayerVersionArn, "x86_64LayerVersionArn");
        Objects.requireNonNull(arm64LayerVersionArn, "arm64LayerVersionArn");
        return new RightsizerEndpoints() {
            @Override
            public String streamArn(Construct scope) {
                return streamArn;
            }

            @Override
            public String layerVersionArn(Construct scope, Architecture architecture) {
                return isArm64(architecture) ? arm64LayerVersionArn : x86_64LayerVersionArn;
            }
        };
    }

    /** The name of the Parameter Store parameter holding the layer version for {@code architecture}. */
    static String layerParameterName(String rightsizerStackName, Architecture architecture) {
        return RightsizerStack.PARAMETER_PREFIX + rightsizerStackName + "/extension-layer-arn-"
                + (isArm64(architecture) ? "arm64" : "x86_64");
    }

    /** Whether {@code architecture} is arm64 (anything else, including none given, is x86_64 as in Lambda). */
    static boolean isArm64(Architecture architecture) {
        return architecture != null && Architecture.ARM_64.getName().equals(architecture.getName());
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
            public String layerVersionArn(Construct scope, Architecture architecture) {
                return StringParameter.valueForStringParameter(scope,
                        layerParameterName(rightsizerStackName, architecture));
            }
        };
    }

    /** The parameters of a Rightsizer stack deployed under the default name. */
    static RightsizerEndpoints fromParameterStore() {
        return fromParameterStore(RightsizerStack.DEFAULT_STACK_NAME);
    }
}
