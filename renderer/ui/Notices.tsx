import { useNotices, useUiActions } from '../state/hooks';
import { MessageText } from './MessageText';

/** Failures of actions that have no form of their own to show them (start, stop, loading). */
export function Notices() {
  const notices = useNotices();
  const { dismissNotice } = useUiActions();
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((notice) => (
        <div key={notice.id} className="notice" role="alert">
          <span className="notice__text">
            <MessageText text={notice.message} />
          </span>
          <button type="button" className="button button--quiet button--small" onClick={() => { dismissNotice(notice.id); }}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
