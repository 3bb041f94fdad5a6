package io.rightsizer.ingest;

import io.rightsizer.domain.function.FunctionRef;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The account and Region whose functions one deployment sizes: its own. Evaluation and apply call the Lambda API of
 * the deployment's Region with permissions of its account, so a window of any other function would always fail.
 *
 * @param accountId the deployment's 12-digit account, or {@code null} when only the Region is known (no invoked
 *                  function ARN, see {@link #of})
 * @param region    the deployment's Region
 */
public record HomeScope(String accountId, String region) {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public HomeScope {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("not a Region: " + region);
        }
        if (accountId != null && !ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("not an account id: " + accountId);
        }
    }

    /**
     * The scope of the function running this code: account and Region from its invoked function ARN (the Lambda
     * context's), else the Region from {@code AWS_REGION} alone.
     *
     * @throws IllegalStateException when neither says where the function runs
     */
    public static HomeScope of(String invokedFunctionArn, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        if (invokedFunctionArn != null && !invokedFunctionArn.isBlank()) {
            try {
                FunctionRef self = FunctionRef.fromArn(invokedFunctionArn);
                return new HomeScope(self.accountId(), self.region());
            } catch (IllegalArgumentException e) {
                // Fall through to the Region of the environment.
            }
        }
        String region = env.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("ingest-fn cannot tell its own account and Region: the invoked function"
                    + " ARN '" + invokedFunctionArn + "' is not a Lambda function ARN and environment variable"
                    + " AWS_REGION is missing");
        }
        try {
            return new HomeScope(null, region.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ingest-fn configuration: environment variable AWS_REGION: "
                    + e.getMessage(), e);
        }
    }

    /** Whether {@code function} runs in this account and Region. */
    public boolean includes(FunctionRef function) {
        return region.equals(function.region()) && (accountId == null || accountId.equals(function.accountId()));
    }
}
