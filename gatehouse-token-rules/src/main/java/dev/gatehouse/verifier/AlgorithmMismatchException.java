package dev.gatehouse.verifier;

/** The header's {@code alg} is not the one algorithm the key it names declares, as in the RS256-key-used-as-HS256-secret attack. */
public final class AlgorithmMismatchException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    public AlgorithmMismatchException(String message) {
        super(message);
    }

    AlgorithmMismatchException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "algorithm_mismatch";
    }

}
