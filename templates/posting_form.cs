  <input type="hidden" name="once" value="<?cs var:Form.Once ?>">
  <input type="hidden" name="version" value="<?cs var:Form.Version ?>">
<?cs if:Errors.form ?>
  <p class="error" role="alert"><?cs var:Errors.form ?></p>
<?cs /if ?>
