-- The rebuild night has recorded the releases it carried: the table is empty again.
DELETE FROM audit.releases_carried;
