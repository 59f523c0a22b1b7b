import type { ApiError } from '../../../shared/result';
import { MessageText } from '../../ui/MessageText';

interface IssueListProps {
  readonly title: string;
  readonly error: ApiError;
}

/** An error with one line per offending field (`path: message`), or its message alone. */
export function IssueList({ title, error }: IssueListProps) {
  const issues = error.issues ?? [];
  return (
    <div className="issues" role="alert">
      <p className="issues__title">{title}</p>
      {issues.length > 0 ? (
        <ul className="issues__list">
          {issues.map((issue, index) => (
            <li key={`${issue.path}-${index}`}>
              <code className="issues__path">{issue.path}</code>: <MessageText text={issue.message} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="issues__message">
          <MessageText text={error.message} />
        </p>
      )}
    </div>
  );
}
