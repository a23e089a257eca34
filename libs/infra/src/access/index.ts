export * from './api-key-secret';
export * from './api-keys.repository';
export * from './projects.repository';
export * from './audit.repository';
export * from './key-authenticator';
export * from './access.module';
export * from './cli-keys';
