// when the decay review ran, and "review now" (runs one at once rather than waiting for the period).
import { ApiError } from '../../../shared/api/http.ts';
import type { DecayReview } from '../../../shared/api/lab-types.ts';
import { fmtReviewedAt, fmtSpan } from '../lib/decay-format.ts';

interface Props {
  review: DecayReview | undefined;
  error: Error | undefined;
  reviewing: boolean;
  reviewError: Error | undefined;
  onReviewNow: () => void;
}

const said = (e: Error) => `${e instanceof ApiError ? `${e.status} ${e.code}: ` : ''}${e.message}`;

export function ReviewBar({ review, error, reviewing, reviewError, onReviewNow }: Props) {
  return (
    <div data-testid="decay-review" data-at={review?.at ?? ''} data-findings={review?.findings.length ?? 0}>
      <p>
        decay review:{' '}
        {review ? (
          <>
            reviewed <time dateTime={review.at}>{fmtReviewedAt(review.at, Date.now())}</time>
            <span className="muted"> · unused after {fmtSpan(review.unusedAfterMs)} without a use, outperformed by a newer artifact that passed shadow</span>
          </>
        ) : error ? (
          <span className="fail">cannot be read: {said(error)}</span>
        ) : (
          <span className="muted">loading…</span>
        )}{' '}
        <button type="button" onClick={onReviewNow} disabled={reviewing}>
          {reviewing ? 'reviewing…' : 'review now'}
        </button>
      </p>
      {reviewError && (
        <p className="form-error" role="alert">
          review now failed: {said(reviewError)}
        </p>
      )}
    </div>
  );
}
