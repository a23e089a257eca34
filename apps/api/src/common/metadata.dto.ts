import { ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_NAME_LENGTH, MAX_NOTES_LENGTH, MAX_TAG_VALUE_LENGTH, MAX_TAGS, TAG_KEY_RULE } from '@mnist-lab/contracts';

/* OpenAPI descriptions of a run's or sweep's metadata; the bodies are checked by validateMetadata / validateMetadataPatch. */

const TAGS = `String -> string, at most ${MAX_TAGS}; a key is ${TAG_KEY_RULE}, a value at most ${MAX_TAG_VALUE_LENGTH} characters`;

/** The metadata a submission (POST /runs, POST /sweeps) may carry beside its spec. */
export class SubmissionMetadataDto {
  @ApiPropertyOptional({ description: `A name for people (not unique), at most ${MAX_NAME_LENGTH} characters`, maxLength: MAX_NAME_LENGTH, example: 'baseline' })
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: `${TAGS}. A sweep's trials and refit run inherit its tags`, example: { team: 'vision', baseline: 'true' } })
  tags?: Record<string, string>;

  @ApiPropertyOptional({ description: `Free text, at most ${MAX_NOTES_LENGTH} characters`, maxLength: MAX_NOTES_LENGTH, example: 'first try with scaled pixels' })
  notes?: string;
}

/** PATCH /runs/:id and /sweeps/:id: only what is given changes. */
export class UpdateMetadataDto {
  @ApiPropertyOptional({ description: `A name for people (not unique), at most ${MAX_NAME_LENGTH} characters; null clears it`, maxLength: MAX_NAME_LENGTH, nullable: true, example: 'baseline v2' })
  name?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description: `Merged into the stored tags; a tag set to null is removed. ${TAGS}`,
    example: { reviewed: 'yes' },
  })
  tags?: Record<string, string | null>;

  @ApiPropertyOptional({ description: `Free text, at most ${MAX_NOTES_LENGTH} characters; null clears it`, maxLength: MAX_NOTES_LENGTH, nullable: true, example: 'best so far' })
  notes?: string | null;
}
