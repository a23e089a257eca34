import { useId } from 'react';
import { SignOutButton } from './AuthGate';
import { useAccess } from './access-context';
import { selectProject } from './session';

/** The header's current project (a switcher when the key sees several), who is signed in with which role, and "Sign out". */
export function SessionControls() {
  const { caller, projects, project, role } = useAccess();
  const id = useId();
  return (
    <div className="session">
      <div className="session-project">
        <label htmlFor={id}>Project</label>
        <select id={id} className="select" value={project} onChange={(event) => selectProject(event.target.value)}>
          {projects.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </div>
      <div className="session-caller">
        <span title={`key ${caller.key_id}`}>{caller.name}</span>
        <span className="chip">{caller.global_admin ? 'global admin' : role}</span>
        <SignOutButton />
      </div>
    </div>
  );
}
