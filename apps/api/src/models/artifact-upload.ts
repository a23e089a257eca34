import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { readArtifact, type ReadArtifact } from '@mnist-lab/ml';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { ARTIFACT_UPLOAD_LIMITS, MAX_ARTIFACT_UPLOAD_BYTES, type UploadedArtifactFile } from './dto/upload-model.dto';

/**
 * Reads an artifact from a stream as it arrives (readArtifact: the header cap and every declared
 * size are checked before the bytes they announce are read, the payload is hashed chunk by chunk),
 * so that a hostile upload is refused after its first bytes and no upload holds the event loop.
 * On a refusal the rest of the stream is read off and dropped, so that the client gets the answer.
 */
async function readStreamedArtifact(stream: Readable): Promise<ReadArtifact> {
  try {
    return await readArtifact(stream, ARTIFACT_UPLOAD_LIMITS);
  } catch (error) {
    stream.resume();
    throw error;
  }
}

/** An artifact sent as the raw body (application/octet-stream), which no body parser has read. */
export async function readRawUpload(req: Request): Promise<ReadArtifact> {
  if (!req.is('application/octet-stream')) {
    throw new UnsupportedMediaTypeException(
      'send the artifact as the request body with Content-Type application/octet-stream, or as the field "file" of a multipart/form-data form',
    );
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    req.resume();
    throw new UnsupportedMediaTypeException(`content encoding ${JSON.stringify(encoding)} is not supported for artifacts; send the bytes as they are`);
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_ARTIFACT_UPLOAD_BYTES) {
    req.resume();
    throw new PayloadTooLargeException(`the request body is larger than the limit of ${MAX_ARTIFACT_UPLOAD_BYTES / 1024 / 1024} MB`);
  }
  return readStreamedArtifact(req);
}

/** A multer storage engine that reads the form's file with readStreamedArtifact instead of keeping it whole. */
export const artifactStorage = {
  _handleFile(_req: Request, file: { stream: Readable }, done: (error: unknown, info?: Partial<UploadedArtifactFile>) => void): void {
    readStreamedArtifact(file.stream).then(
      (artifact) => done(null, { artifact, size: artifact.bytes.length }),
      (error: unknown) => done(error),
    );
  },
  _removeFile(_req: Request, _file: unknown, done: (error: unknown) => void): void {
    done(null);
  },
};
