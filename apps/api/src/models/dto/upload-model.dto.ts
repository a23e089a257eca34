import { ApiProperty } from '@nestjs/swagger';
import { MAX_ARTIFACT_HEADER_BYTES, type ArtifactReadLimits, type ReadArtifact } from '@mnist-lab/ml';

/** Maximum size of an uploaded artifact. */
export const MAX_ARTIFACT_UPLOAD_BYTES = 512 * 1024 * 1024;

/** What an upload may be: its JSON header is parsed only under the header cap. */
export const ARTIFACT_UPLOAD_LIMITS: ArtifactReadLimits = { maxHeaderBytes: MAX_ARTIFACT_HEADER_BYTES, maxBytes: MAX_ARTIFACT_UPLOAD_BYTES };

/** OpenAPI description of the multipart form of `POST /models`. */
export class UploadModelFormDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'A model artifact (.mnlab), as GET /models/{id}/artifact gives it' })
  file!: unknown;
}

/** The multer file of a multipart `POST /models`: read and verified as it streamed in (artifactStorage). */
export interface UploadedArtifactFile {
  readonly artifact: ReadArtifact;
  readonly size: number;
}
