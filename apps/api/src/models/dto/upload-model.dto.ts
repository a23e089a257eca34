import { ApiProperty } from '@nestjs/swagger';

/** Maximum size of an uploaded artifact. */
export const MAX_ARTIFACT_UPLOAD_BYTES = 512 * 1024 * 1024;

/** OpenAPI description of the multipart form of `POST /models`. */
export class UploadModelFormDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'A model artifact (.mnlab), as GET /models/{id}/artifact gives it' })
  file!: unknown;
}

/** The part of a multer file `POST /models` uses (multer keeps it in memory). */
export interface UploadedArtifactFile {
  readonly buffer: Buffer;
  readonly size: number;
}
