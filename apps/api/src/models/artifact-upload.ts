import { PayloadTooLargeException, ServiceUnavailableException, UnsupportedMediaTypeException } from '@nestjs/common';
import { readArtifact, type ReadArtifact } from '@mnist-lab/ml';
import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { ARTIFACT_UPLOAD_LIMITS, MAX_ARTIFACT_UPLOAD_BYTES, type UploadedArtifactFile } from './dto/upload-model.dto';

/**
 * Uploads read at once. Each holds up to MAX_ARTIFACT_UPLOAD_BYTES until its response is sent
 * (the bytes, then the restored model), so this bounds what uploads can take of the api's memory.
 */
export const MAX_CONCURRENT_UPLOADS = 2;
let uploadsInProgress = 0;

/**
 * Reads an artifact from a stream as it arrives (readArtifact: the header cap and every declared
 * size are checked before the bytes they announce are read, the payload is hashed chunk by chunk),
 * so that a hostile upload is refused after its first bytes and no upload holds the event loop.
 * On a refusal the rest of the stream is read off and dropped, so that the client gets the answer.
 * Beyond MAX_CONCURRENT_UPLOADS, an upload is refused at once with 503 and Retry-After.
 */
async function readStreamedArtifact(stream: Readable, res: Response): Promise<ReadArtifact> {
  if (uploadsInProgress >= MAX_CONCURRENT_UPLOADS) {
    stream.resume();
    res.setHeader('Retry-After', '10');
    throw new ServiceUnavailableException(`${MAX_CONCURRENT_UPLOADS} model uploads are in progress, the most this api reads at once; retry when one has finished`);
  }
  uploadsInProgress++;
  res.once('close', () => uploadsInProgress--);
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
  return readStreamedArtifact(req, req.res as Response);
}

/** A multer storage engine that reads the form's file with readStreamedArtifact instead of keeping it whole. */
export const artifactStorage = {
  _handleFile(req: Request, file: { stream: Readable }, done: (error: unknown, info?: Partial<UploadedArtifactFile>) => void): void {
    readStreamedArtifact(file.stream, req.res as Response).then(
      (artifact) => done(null, { artifact, size: artifact.bytes.length }),
      (error: unknown) => done(error),
    );
  },
  _removeFile(_req: Request, _file: unknown, done: (error: unknown) => void): void {
    done(null);
  },
};
