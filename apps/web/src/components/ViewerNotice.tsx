import { useAccess } from '../auth/access-context';

/** Shown instead of a form a viewer of the current project may not use. */
export function ViewerNotice({ action }: { action: string }) {
  const { caller, project } = useAccess();
  return (
    <div className="alert alert-info" role="status">
      The key {caller.name} is a viewer in project {project}: it may read everything there but not {action}. Switch project, or ask an admin for the member role.
    </div>
  );
}
