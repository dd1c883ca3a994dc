"""EHC needs assessments, advice requests and plans (sections A–K), their versions and documents."""
