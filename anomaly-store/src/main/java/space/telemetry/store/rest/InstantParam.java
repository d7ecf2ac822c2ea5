package space.telemetry.store.rest;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import space.telemetry.contract.Limits;

/**
 * A request parameter holding an ISO-8601 instant such as 2018-05-01T00:00:00Z, within the times the platform stores
 * (years 1900 to 9999, as on the topics); absent (null) is valid.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = InstantParam.Validator.class)
public @interface InstantParam {
    String message() default "must be an ISO-8601 instant such as 2018-05-01T00:00:00Z, from 1900 to 9999";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the text parses as an instant within the stored times. */
    class Validator implements ConstraintValidator<InstantParam, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            try {
                Instant instant = parse(value);
                return !instant.isBefore(Limits.MIN_TIME) && !instant.isAfter(Limits.MAX_TIME);
            } catch (DateTimeParseException e) {
                return false;
            }
        }

        /** Parses an ISO-8601 instant, with a Z or a numeric offset; null stays null. */
        public static Instant parse(String value) {
            if (value == null) {
                return null;
            }
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                return OffsetDateTime.parse(value).toInstant();
            }
        }
    }
}
