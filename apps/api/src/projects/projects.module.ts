import { Module } from '@nestjs/common';
import { AccessDataModule } from '@mnist-lab/infra';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

@Module({ imports: [AccessDataModule], controllers: [ProjectsController], providers: [ProjectsService] })
export class ProjectsModule {}
